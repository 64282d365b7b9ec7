using System.Diagnostics;

namespace Sluice.Engine.Tests;

/// <summary>Runs a peer script from <c>Peers/</c> with Debian's python3 (python3-torch, installed by scripts/setup.sh); returns its standard output.</summary>
internal static class PythonPeer
{
    public static string Run(string script, params string[] arguments) =>
        RunScript(Path.Combine(AppContext.BaseDirectory, "Peers", script), arguments);

    /// <summary>Runs a peer script given by its path.</summary>
    public static string RunScript(string path, params string[] arguments)
    {
        var script = Path.GetFileName(path);
        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(path);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{script} failed (Debian python3-torch is installed by scripts/setup.sh): {stderr.Result}");
        return stdout;
    }
}
