using System.Diagnostics;
using System.Globalization;

namespace Sluice.Testing;

/// <summary>
/// The local stack as <c>scripts/local-stack/start.sh</c> runs it (RabbitMQ, s3rver, PostgreSQL and every service as
/// its own process), on ports and in a folder of its own, so it runs beside anything else; one service at a time can be
/// killed and started again with <c>scripts/local-stack/service.sh</c>.
/// </summary>
public sealed class LocalStack : IAsyncDisposable
{
    private readonly Dictionary<string, string> environment;

    private LocalStack(string state, Dictionary<string, string> environment)
    {
        State = state;
        this.environment = environment;
    }

    /// <summary>The stack's folder: <c>service.env</c>, <c>credentials</c>, <c>logs/</c>, the servers' data.</summary>
    public string State { get; }

    /// <summary>The settings of the services (<c>Bus__…</c>, <c>Storage__…</c>), as <c>sluice … --env-file</c> reads them.</summary>
    public string EnvFile => Path.Combine(State, "service.env");

    /// <summary>The environment the scripts ran with: ports and folders.</summary>
    public IReadOnlyDictionary<string, string> Environment => environment;

    /// <summary>A port the stack was told to use (<c>SLUICE_AMQP_PORT</c>, …).</summary>
    public int Port(string name) => int.Parse(environment[name], CultureInfo.InvariantCulture);

    /// <summary>Starts a stack, the services built as they are; <paramref name="settings"/> go to every service's environment.</summary>
    public static async Task<LocalStack> StartAsync(IReadOnlyDictionary<string, string>? settings = null)
    {
        var state = RepoLayout.NewTempFolder("local-stack");
        string NextPort() => LoopbackPort.Next().ToString(CultureInfo.InvariantCulture);
        var environment = new Dictionary<string, string>
        {
            ["SLUICE_LOCAL_STACK_DIR"] = state,
            ["SLUICE_POSTGRES_DATA"] = Path.Combine(state, "postgres", "data"),
            ["SLUICE_SKIP_BUILD"] = "1",
            ["SLUICE_AMQP_PORT"] = NextPort(),
            ["SLUICE_RABBITMQ_CONSOLE_PORT"] = NextPort(),
            ["SLUICE_RABBITMQ_DIST_PORT"] = NextPort(),
            ["SLUICE_EPMD_PORT"] = NextPort(),
            ["SLUICE_S3_PORT"] = NextPort(),
            ["SLUICE_POSTGRES_PORT"] = NextPort(),
            // Each service numbers its health port from the base (service index, + 100 per replica up to the third).
            ["SLUICE_SERVICE_PORT_BASE"] = LoopbackPort.NextBlock([.. Enumerable.Range(0, 6), .. Enumerable.Range(100, 6), .. Enumerable.Range(200, 6)]).ToString(CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        var stack = new LocalStack(state, environment);
        var (code, output) = await stack.ScriptAsync("start.sh");
        if (code != 0)
        {
            await stack.DisposeAsync();
            throw new InvalidOperationException($"the local stack did not start: {output}");
        }

        return stack;
    }

    /// <summary>SIGKILLs one service, as a crash would.</summary>
    public async Task KillAsync(string service) => await CheckAsync(await ScriptAsync("service.sh", "kill", service));

    /// <summary>Starts one service (again).</summary>
    public async Task StartServiceAsync(string service) => await CheckAsync(await ScriptAsync("service.sh", "start", service));

    /// <summary>Starts one service with <paramref name="failpoints"/> armed (<c>SLUICE_FAILPOINTS</c>): it kills itself at the first it reaches.</summary>
    public async Task StartServiceAsync(string service, string failpoints)
    {
        var armed = new Dictionary<string, string>(environment) { ["SLUICE_FAILPOINTS"] = failpoints };
        await CheckAsync(await RunAsync("bash", [Path.Combine(RepoLayout.Root, "scripts", "local-stack", "service.sh"), "start", service], armed));
    }

    /// <summary>
    /// Waits until the service's process is gone (a failpoint killed it) and forgets it, so it can be started again;
    /// false when it still runs after <paramref name="timeout"/>.
    /// </summary>
    public async Task<bool> WaitForExitAsync(string service, TimeSpan timeout)
    {
        var pidFile = Path.Combine(State, service + ".pid");
        for (var deadline = DateTime.UtcNow + timeout; DateTime.UtcNow < deadline; await Task.Delay(250))
        {
            if (!IsRunning(service))
            {
                File.Delete(pidFile);
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Restarts the broker's application (<c>rabbitmqctl stop_app</c>, <paramref name="down"/>, <c>start_app</c>): every
    /// connection drops, and the durable queues come back with the messages they held.
    /// </summary>
    public async Task RestartBrokerAsync(TimeSpan down)
    {
        await CheckAsync(await RabbitMqCtlAsync("stop_app"));
        await Task.Delay(down);
        await CheckAsync(await RabbitMqCtlAsync("start_app"));
    }

    /// <summary>Turns the broker's firehose on or off (<c>rabbitmqctl trace_on|trace_off</c>): while on, a copy of every message published is routed to <c>amq.rabbitmq.trace</c>.</summary>
    public async Task TraceAsync(bool on) => await CheckAsync(await RabbitMqCtlAsync(on ? "trace_on" : "trace_off"));

    /// <summary>A setting of the generated <c>credentials</c> file (<c>RABBITMQ_USER</c>, <c>RABBITMQ_PASSWORD</c>, <c>S3_ACCESS_KEY</c>, <c>S3_SECRET_KEY</c>).</summary>
    public string Credential(string name) =>
        File.ReadAllLines(Path.Combine(State, "credentials")).Single(l => l.StartsWith(name + "=", StringComparison.Ordinal))[(name.Length + 1)..];

    /// <summary>
    /// Kills the broker's whole node (SIGKILL of its Erlang VM, no chance to flush or close a connection), waits
    /// <paramref name="down"/>, and starts the node again over the same data; returns once it accepts AMQP connections.
    /// </summary>
    public async Task CrashBrokerNodeAsync(TimeSpan down)
    {
        await KillAsync("rabbitmq");
        await Task.Delay(down);
        await StartBrokerNodeAsync();
    }

    /// <summary>Whether the service's process (<c>dedupe</c>, <c>dedupe#2</c>, …) is alive, as its pid file names it.</summary>
    public bool IsRunning(string service)
    {
        var instance = service.Contains('#', StringComparison.Ordinal) ? service.Replace('#', '-') : service;
        var pidFile = Path.Combine(State, instance + ".pid");
        if (!File.Exists(pidFile))
        {
            return false;
        }

        try
        {
            // Alive and not a zombie (state Z, the field after the name in stat).
            var stat = File.ReadAllText(Path.Combine("/proc", File.ReadAllText(pidFile).Trim(), "stat"));
            return stat[(stat.LastIndexOf(')') + 2)..][0] != 'Z';
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Starts the broker's node (after <see cref="KillAsync"/> of <c>rabbitmq</c>) over its data; returns once it accepts AMQP connections.</summary>
    public async Task StartBrokerNodeAsync()
    {
        await StartServiceAsync("rabbitmq");
        for (var deadline = DateTime.UtcNow.AddSeconds(60); ; await Task.Delay(500))
        {
            try
            {
                using var client = new System.Net.Sockets.TcpClient();
                await client.ConnectAsync(System.Net.IPAddress.Loopback, Port("SLUICE_AMQP_PORT"));
                return;
            }
            catch (System.Net.Sockets.SocketException) when (DateTime.UtcNow < deadline)
            {
            }
        }
    }

    /// <summary>Stops PostgreSQL (the dedupe index and the job store), waits <paramref name="down"/>, and starts it again (<c>scripts/dedupe-index.sh</c>).</summary>
    public async Task RestartPostgresAsync(TimeSpan down)
    {
        await CheckAsync(await RunAsync("bash", [Path.Combine(RepoLayout.Root, "scripts", "dedupe-index.sh"), "stop"], environment));
        await Task.Delay(down);
        await CheckAsync(await RunAsync("bash", [Path.Combine(RepoLayout.Root, "scripts", "dedupe-index.sh"), "start"], environment));
    }

    /// <summary>Kills the S3 server (drop and lake buckets), waits <paramref name="down"/>, and starts it again over the same data.</summary>
    public async Task RestartS3Async(TimeSpan down)
    {
        await KillAsync("s3rver");
        await Task.Delay(down);
        await StartServiceAsync("s3rver");

        // Back when it accepts connections again (node takes a moment to start).
        for (var deadline = DateTime.UtcNow.AddSeconds(30); ; await Task.Delay(200))
        {
            try
            {
                using var client = new System.Net.Sockets.TcpClient();
                await client.ConnectAsync(System.Net.IPAddress.Loopback, Port("SLUICE_S3_PORT"));
                return;
            }
            catch (System.Net.Sockets.SocketException) when (DateTime.UtcNow < deadline)
            {
            }
        }
    }

    /// <summary>The last lines of every service's log, for a failure message.</summary>
    public string LogTails(int lines = 15) =>
        string.Concat(Directory.GetFiles(Path.Combine(State, "logs"), "*.log").Where(f => !Path.GetFileName(f).StartsWith("sluice-local", StringComparison.Ordinal)).Order(StringComparer.Ordinal)
            .Select(f => $"\n--- {Path.GetFileName(f)}\n" + string.Join('\n', File.ReadAllLines(f).Where(l => !IsStackFrame(l)).TakeLast(lines))));

    /// <summary>
    /// Every queue of the broker as the management API lists it (name, ready, unacknowledged, consumers), one per line,
    /// or why it could not be read; for a failing test's message.
    /// </summary>
    public async Task<string> QueuesAsync()
    {
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            var basic = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{Credential("RABBITMQ_USER")}:{Credential("RABBITMQ_PASSWORD")}"));
            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic", basic);
            using var queues = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync($"http://127.0.0.1:{Port("SLUICE_RABBITMQ_CONSOLE_PORT")}/api/queues"));
            return "\n--- queues (ready, unacknowledged, consumers)\n" + string.Join('\n', queues.RootElement.EnumerateArray().Select(q =>
                $"{q.GetProperty("name").GetString()}: {Number(q, "messages_ready")}, {Number(q, "messages_unacknowledged")}, {Number(q, "consumers")}"));
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException)
        {
            return $"\n--- queues: not read ({e.Message})";
        }

        static long Number(System.Text.Json.JsonElement queue, string name) =>
            queue.TryGetProperty(name, out var value) && value.ValueKind == System.Text.Json.JsonValueKind.Number ? value.GetInt64() : -1;
    }

    /// <summary>How to reach one of the stack's buckets (<c>drop</c>, <c>lake</c>) with its generated key pair.</summary>
    public Sluice.Storage.S3StoreOptions Bucket(string bucket) => new()
    {
        ServiceUrl = $"http://127.0.0.1:{Port("SLUICE_S3_PORT")}",
        Bucket = bucket,
        AccessKey = Credential("S3_ACCESS_KEY"),
        SecretKey = Credential("S3_SECRET_KEY"),
    };

    /// <summary>Stops everything (<c>stop.sh</c>), leaving the folder; returns what the script printed.</summary>
    public async Task<string> StopAsync()
    {
        var (code, output) = await ScriptAsync("stop.sh");
        return code == 0 ? output : throw new InvalidOperationException($"the local stack did not stop cleanly: {output}");
    }

    /// <summary>Stops everything (<c>stop.sh</c>) and removes the folder.</summary>
    public async ValueTask DisposeAsync()
    {
        var (code, output) = await ScriptAsync("stop.sh");
        try
        {
            Directory.Delete(State, recursive: true);
        }
        catch (UnauthorizedAccessException)
        {
            // PostgreSQL's files belong to its own user when the tests run as root; the temp folder is cleaned later.
        }

        if (code != 0)
        {
            throw new InvalidOperationException($"the local stack did not stop cleanly: {output}");
        }
    }

    private static Task CheckAsync((int ExitCode, string Output) result) =>
        result.ExitCode == 0 ? Task.CompletedTask : throw new InvalidOperationException(result.Output);

    // A .NET stack trace's frame or inner-exception marker: left out of log tails, which show what happened instead.
    private static bool IsStackFrame(string line) =>
        line.StartsWith("   at ", StringComparison.Ordinal) || line.TrimStart().StartsWith("--- End of", StringComparison.Ordinal);

    private async Task<(int ExitCode, string Output)> RabbitMqCtlAsync(string command)
    {
        // The node runs with the environment start.sh wrote down (its home, epmd port, node name).
        var settings = File.ReadAllLines(Path.Combine(State, "rabbitmq", "env")).Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        return await RunAsync("/usr/lib/rabbitmq/bin/rabbitmqctl", ["-n", "sluice-local@localhost", command], settings);
    }

    private Task<(int ExitCode, string Output)> ScriptAsync(string script, params string[] arguments) =>
        RunAsync("bash", [Path.Combine(RepoLayout.Root, "scripts", "local-stack", script), .. arguments], environment);

    private static async Task<(int ExitCode, string Output)> RunAsync(string file, string[] arguments, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = RepoLayout.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }
}
