using System.Diagnostics;

namespace Sluice.Engine.Tests;

/// <summary>Runs the real <c>sluice</c> command (built next to the tests) as its own process.</summary>
internal static class SluiceProcess
{
    public static Process Start(params string[] arguments) => StartWith(new Dictionary<string, string>(), arguments);

    /// <summary>Starts sluice with <paramref name="environment"/> added to its environment (settings as <c>Section__Key</c>).</summary>
    public static Process StartWith(IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "sluice.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        return Process.Start(start) ?? throw new InvalidOperationException("could not start sluice");
    }

    public static string Run(params string[] arguments)
    {
        var (exitCode, stdout, stderr) = Complete(arguments);
        Assert.True(exitCode == 0, $"sluice {string.Join(' ', arguments)} exited with {exitCode}: {stderr}\n{stdout}");
        return stdout;
    }

    /// <summary>Runs sluice to the end, whatever its exit code.</summary>
    public static (int ExitCode, string Stdout, string Stderr) Complete(params string[] arguments)
    {
        using var process = Start(arguments);
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"sluice {string.Join(' ', arguments)} did not finish in 3 minutes");
        }

        return (process.ExitCode, stdout, stderr.Result);
    }

    /// <summary>
    /// Sends SIGTERM, which sluice handles as it handles Ctrl-C (SIGINT): both cancel the command's token. SIGINT itself
    /// cannot be used here: a process started from a background job inherits SIGINT as ignored.
    /// </summary>
    public static void Terminate(Process process)
    {
        using var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }
}
