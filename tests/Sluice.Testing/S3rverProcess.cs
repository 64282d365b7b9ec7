using System.Diagnostics;
using System.Text.Json;

namespace Sluice.Testing;

/// <summary>
/// A real s3rver (npm) started on a free loopback port with its own data folder, via <c>scripts/peers/s3rver.mjs</c>.
/// Credentials are <see cref="AccessKey"/> / <see cref="SecretKey"/>. Disposing stops it and deletes its data.
/// </summary>
public sealed class S3rverProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly string directory;

    private S3rverProcess(Process process, string directory, int port)
    {
        this.process = process;
        this.directory = directory;
        Port = port;
    }

    /// <summary>The access key s3rver accepts.</summary>
    public const string AccessKey = "S3RVER";

    /// <summary>The secret key s3rver accepts.</summary>
    public const string SecretKey = "S3RVER";

    /// <summary>The loopback port it listens on.</summary>
    public int Port { get; }

    /// <summary>The server's URL.</summary>
    public string ServiceUrl => $"http://127.0.0.1:{Port}";

    /// <summary>Starts s3rver with the given buckets created.</summary>
    public static async Task<S3rverProcess> StartAsync(params string[] buckets)
    {
        _ = RepoLayout.PeerPackage("s3rver");
        var directory = RepoLayout.NewTempFolder("s3rver");
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = RepoLayout.Peers,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // s3rver's listing continuation tokens are DES-encrypted, which OpenSSL 3 disables unless node loads its legacy
        // provider: without it any listing longer than 1,000 keys fails.
        start.ArgumentList.Add("--openssl-legacy-provider");
        start.ArgumentList.Add(Path.Combine(RepoLayout.Peers, "s3rver.mjs"));
        start.ArgumentList.Add("--directory");
        start.ArgumentList.Add(directory);
        foreach (var bucket in buckets)
        {
            start.ArgumentList.Add("--bucket");
            start.ArgumentList.Add(bucket);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node for s3rver");
        var stderr = process.StandardError.ReadToEndAsync();
        var firstLine = process.StandardOutput.ReadLineAsync();
        if (await Task.WhenAny(firstLine, Task.Delay(TimeSpan.FromSeconds(30))).ConfigureAwait(false) != firstLine || firstLine.Result is null)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync().ConfigureAwait(false);
            throw new InvalidOperationException("s3rver did not start: " + await stderr.ConfigureAwait(false));
        }

        using var ready = JsonDocument.Parse(firstLine.Result);
        return new S3rverProcess(process, directory, ready.RootElement.GetProperty("port").GetInt32());
    }

    /// <summary>Stops the server and deletes its data folder.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            // Closing its standard input makes the launcher shut down cleanly.
            process.StandardInput.Close();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        process.Dispose();
        Directory.Delete(directory, recursive: true);
    }
}
