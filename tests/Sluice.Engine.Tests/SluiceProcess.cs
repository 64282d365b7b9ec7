using System.Diagnostics;

namespace Sluice.Engine.Tests;

/// <summary>Runs the real <c>sluice</c> command (built next to the tests) as its own process.</summary>
internal static class SluiceProcess
{
    public static Process Start(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "sluice.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start) ?? throw new InvalidOperationException("could not start sluice");
    }

    public static string Run(params string[] arguments)
    {
        using var process = Start(arguments);
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"sluice {string.Join(' ', arguments)} did not finish in 3 minutes");
        }

        Assert.True(process.ExitCode == 0, $"sluice {string.Join(' ', arguments)} exited with {process.ExitCode}: {stderr.Result}\n{stdout}");
        return stdout;
    }
}
