using System.Text.Json;

namespace Sluice.Cli.Embedded;

/// <summary>
/// The folder the last <c>sluice run</c> on a lake read, kept in the lake (<c>state/cli/last-run.json</c>) so that
/// <c>sluice reprocess --from ingest</c> can read a source again without being told where it lives.
/// </summary>
internal static class LastRunDrop
{
    private static string PathIn(string lakeFolder) => Path.Combine(lakeFolder, "state", "cli", "last-run.json");

    /// <summary>Records <paramref name="dropFolder"/> as the folder of the lake's last run (a run over the same folder writes nothing).</summary>
    public static async Task WriteAsync(string lakeFolder, string dropFolder, CancellationToken cancellationToken)
    {
        var file = PathIn(lakeFolder);
        var content = JsonSerializer.Serialize(new Dictionary<string, string> { ["drop"] = dropFolder });
        if (File.Exists(file) && await File.ReadAllTextAsync(file, cancellationToken) == content)
        {
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        await File.WriteAllTextAsync(file, content, cancellationToken);
    }

    /// <summary>The folder of the lake's last run, or null when none is recorded or it is gone.</summary>
    public static async Task<string?> ReadAsync(string lakeFolder, CancellationToken cancellationToken)
    {
        var file = PathIn(lakeFolder);
        if (!File.Exists(file))
        {
            return null;
        }

        var recorded = JsonSerializer.Deserialize<Dictionary<string, string>>(await File.ReadAllTextAsync(file, cancellationToken));
        return recorded?.GetValueOrDefault("drop") is { } folder && Directory.Exists(folder) ? folder : null;
    }
}
