using System.Diagnostics;

namespace Sluice.Testing;

/// <summary>
/// Runs a script from <c>scripts/peers</c> with Node.js, so its bare imports resolve to the installed peers
/// (tiktoken, DuckDB, parquet-wasm, …). Output is returned whole; a non-zero exit throws with the script's stderr.
/// </summary>
public static class NodePeer
{
    /// <summary>Runs <c>scripts/peers/&lt;script&gt;</c> with the given arguments and optional standard input.</summary>
    public static string Run(string script, IEnumerable<string> arguments, string? standardInput = null, TimeSpan? timeout = null)
    {
        var result = RunBytes(script, arguments, standardInput is null ? null : System.Text.Encoding.UTF8.GetBytes(standardInput), timeout);
        return System.Text.Encoding.UTF8.GetString(result);
    }

    /// <summary>Runs a peer script and returns its raw standard output.</summary>
    public static byte[] RunBytes(string script, IEnumerable<string> arguments, byte[]? standardInput = null, TimeSpan? timeout = null)
    {
        _ = RepoLayout.PeerModules;
        var scriptPath = Path.Combine(RepoLayout.Peers, script);
        if (!File.Exists(scriptPath))
        {
            throw new FileNotFoundException("Peer script not found", scriptPath);
        }

        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = RepoLayout.Peers,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("--max-old-space-size=4096");
        start.ArgumentList.Add(scriptPath);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node");
        var stdout = new MemoryStream();
        var copyOut = process.StandardOutput.BaseStream.CopyToAsync(stdout);
        var readErr = process.StandardError.ReadToEndAsync();
        if (standardInput is not null)
        {
            process.StandardInput.BaseStream.Write(standardInput);
        }

        process.StandardInput.Close();
        var limit = timeout ?? TimeSpan.FromMinutes(5);
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"node {script} did not finish within {limit}");
        }

        copyOut.GetAwaiter().GetResult();
        var stderr = readErr.GetAwaiter().GetResult();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"node {script} exited with {process.ExitCode}: {stderr}");
        }

        return stdout.ToArray();
    }
}
