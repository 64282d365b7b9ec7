using System.Diagnostics;

namespace Sluice.Evaluation.Tests;

/// <summary>Runs a script from <c>Peers/</c> with Debian's python3 (NLTK comes from python3-nltk, installed by scripts/setup.sh).</summary>
internal static class PythonPeer
{
    public static string Run(string script, string standardInput, params string[] arguments)
    {
        var start = new ProcessStartInfo("/usr/bin/python3")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Peers", script));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardInput.Write(standardInput);
        process.StandardInput.Close();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{script} failed (python3-nltk is installed by scripts/setup.sh): {stderr.Result}");
        return stdout.Result;
    }
}
