using System.Diagnostics;

namespace Sluice.Testing;

/// <summary>
/// A real PostgreSQL server (Debian's postgresql-15) started for a test run: its own data folder under the temp
/// folder, its own loopback port, trust authentication for the <c>sluice</c> role. When run as root the server runs as
/// the <c>postgres</c> system user, since PostgreSQL refuses to run as root. Durability settings are relaxed (fsync
/// off) because a test server's data is thrown away.
/// </summary>
public sealed class PostgresServer : IDisposable
{
    private readonly string folder;
    private readonly string dataFolder;
    private readonly bool asPostgresUser;
    private bool disposed;

    private PostgresServer(string folder, int port, bool asPostgresUser)
    {
        this.folder = folder;
        dataFolder = Path.Combine(folder, "data");
        Port = port;
        this.asPostgresUser = asPostgresUser;
    }

    /// <summary>The loopback port the server listens on.</summary>
    public int Port { get; }

    /// <summary>An Npgsql connection string for the <c>sluice</c> role and the <c>postgres</c> database.</summary>
    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=sluice;Database=postgres;Maximum Pool Size=50;Timeout=30;Command Timeout=120";

    /// <summary>The folder holding PostgreSQL's programs (override with SLUICE_POSTGRES_BIN).</summary>
    public static string BinFolder =>
        Environment.GetEnvironmentVariable("SLUICE_POSTGRES_BIN") is { Length: > 0 } bin ? bin : "/usr/lib/postgresql/15/bin";

    /// <summary>Creates a fresh cluster and starts it; throws with the set-up command when PostgreSQL is not installed.</summary>
    public static PostgresServer Start()
    {
        if (!File.Exists(Path.Combine(BinFolder, "pg_ctl")))
        {
            throw new InvalidOperationException($"PostgreSQL is not installed ({BinFolder}/pg_ctl is missing): run scripts/setup.sh first.");
        }

        var folder = RepoLayout.NewTempFolder("postgres");
        var server = new PostgresServer(folder, LoopbackPort.Next(), asPostgresUser: Environment.UserName == "root");
        try
        {
            if (server.asPostgresUser)
            {
                Run("chown", ["-R", "postgres:", folder]);
            }

            server.RunTool("initdb", ["-D", server.dataFolder, "-U", "sluice", "-A", "trust", "-E", "UTF8", "--no-sync", "--no-instructions"]);
            server.StartProcess();
            return server;
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    /// <summary>Kills the server without a clean shutdown (as a crash would) and starts it again on the same data.</summary>
    public void CrashAndRestart()
    {
        RunTool("pg_ctl", ["-D", dataFolder, "-m", "immediate", "-w", "stop"]);
        StartProcess();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        try
        {
            if (File.Exists(Path.Combine(dataFolder, "postmaster.pid")))
            {
                RunTool("pg_ctl", ["-D", dataFolder, "-m", "immediate", "-w", "stop"]);
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private void StartProcess()
    {
        var options = $"-p {Port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200";
        RunTool("pg_ctl", ["-D", dataFolder, "-l", Path.Combine(folder, "server.log"), "-w", "-t", "60", "-o", options, "start"]);
    }

    private void RunTool(string tool, IReadOnlyList<string> arguments)
    {
        var program = Path.Combine(BinFolder, tool);
        if (asPostgresUser)
        {
            Run("runuser", ["-u", "postgres", "--", program, .. arguments]);
        }
        else
        {
            Run(program, arguments);
        }
    }

    private static void Run(string program, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', arguments)} did not finish within 2 minutes");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}: {stderr.Result}{stdout.Result}");
        }
    }
}
