using System.Diagnostics;

namespace Sluice.Stages;

/// <summary>
/// Named points where the process can be made to die on purpose, the way a crash would (SIGKILL of itself, no cleanup),
/// so the chaos tests can aim a kill at a chosen moment rather than a random one (docs/reliability.md). Dormant unless
/// the environment variable <c>SLUICE_FAILPOINTS</c> names the point (comma-separated); never set in any shipped
/// configuration.
/// </summary>
public static class Failpoints
{
    /// <summary>A shard stage's outputs are written and verified, its event not yet published.</summary>
    public const string ShardBeforePublish = "shard-before-publish";

    /// <summary>A shard stage's event is published, the message that caused it not yet acknowledged.</summary>
    public const string ShardAfterPublish = "shard-after-publish";

    /// <summary>A checkpoint's files are uploaded, its manifest (the commit point) not yet.</summary>
    public const string CheckpointBeforeManifest = "checkpoint-before-manifest";

    /// <summary>An evaluation's charts are uploaded, its report (the last file) not yet.</summary>
    public const string EvaluationBeforeReport = "evaluation-before-report";

    private static readonly HashSet<string> Armed = new(
        (Environment.GetEnvironmentVariable("SLUICE_FAILPOINTS") ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
        StringComparer.Ordinal);

    /// <summary>Kills this process at once when <paramref name="name"/> is armed; otherwise does nothing.</summary>
    public static void Hit(string name)
    {
        if (Armed.Count == 0 || !Armed.Contains(name))
        {
            return;
        }

        Console.Error.WriteLine($"failpoint {name}: killing process {Environment.ProcessId}");
        Console.Error.Flush();
        using var self = Process.GetCurrentProcess();
        self.Kill();
    }
}
