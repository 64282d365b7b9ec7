using System.Diagnostics;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Sluice.Testing;

/// <summary>
/// A real RabbitMQ node (Debian's rabbitmq-server) owned by one test: its own node name, Erlang port mapper, data and
/// log folders, a random user and password, AMQP and the management console on free loopback ports.
/// Disposing stops the node and its port mapper and deletes its folder.
/// </summary>
public sealed class RabbitMqNode : IAsyncDisposable
{
    private const string Bin = "/usr/lib/rabbitmq/bin";
    private readonly string folder;
    private readonly Dictionary<string, string> environment;
    private readonly Process process;
    private readonly HttpClient management;

    private RabbitMqNode(string folder, Dictionary<string, string> environment, Process process, string nodeName, int amqpPort, int managementPort, string username, string password)
    {
        this.folder = folder;
        this.environment = environment;
        this.process = process;
        NodeName = nodeName;
        AmqpPort = amqpPort;
        ManagementPort = managementPort;
        Username = username;
        Password = password;
        management = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{managementPort}/api/") };
        management.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{username}:{password}")));
    }

    /// <summary>The Erlang node name.</summary>
    public string NodeName { get; }

    /// <summary>The AMQP port on 127.0.0.1.</summary>
    public int AmqpPort { get; }

    /// <summary>The Erlang distribution port (inter-node and CLI traffic) on 127.0.0.1.</summary>
    public int DistributionPort { get; private set; }

    /// <summary>The Erlang port mapper's port on 127.0.0.1.</summary>
    public int PortMapperPort { get; private set; }

    /// <summary>The management console's port on 127.0.0.1.</summary>
    public int ManagementPort { get; }

    /// <summary>The node's only user.</summary>
    public string Username { get; }

    /// <summary>That user's password (random per node).</summary>
    public string Password { get; }

    /// <summary>Starts a node and waits until it accepts connections.</summary>
    /// <param name="consumerTimeout">
    /// The broker's delivery acknowledgement timeout (<c>consumer_timeout</c>): a consumer holding a message longer loses
    /// its channel and the message is delivered again. Default: the broker's own (30 minutes).
    /// </param>
    public static async Task<RabbitMqNode> StartAsync(TimeSpan? consumerTimeout = null)
    {
        // Nodes started at the same moment by parallel test classes each start their own port mapper (epmd); under
        // load a node can look for its port mapper before it listens and stop with "nodistribution". That start is
        // tried again, on fresh ports.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await StartOnceAsync(consumerTimeout).ConfigureAwait(false);
            }
            catch (InvalidOperationException e) when (attempt < 3 && e.Message.Contains("nodistribution", StringComparison.Ordinal))
            {
                await Task.Delay(TimeSpan.FromSeconds(attempt)).ConfigureAwait(false);
            }
        }
    }

    private static async Task<RabbitMqNode> StartOnceAsync(TimeSpan? consumerTimeout)
    {
        if (!File.Exists(Path.Combine(Bin, "rabbitmq-server")))
        {
            throw new InvalidOperationException("rabbitmq-server is not installed: run scripts/setup.sh first.");
        }

        var folder = RepoLayout.NewTempFolder("rabbitmq");
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var nodeName = $"sluice-{suffix}@localhost";
        var amqpPort = LoopbackPort.Next();
        var managementPort = LoopbackPort.Next();
        var distributionPort = LoopbackPort.Next();
        var portMapperPort = LoopbackPort.Next();
        var username = "sluice";
        var password = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        Directory.CreateDirectory(Path.Combine(folder, "home"));
        await File.WriteAllTextAsync(Path.Combine(folder, "rabbitmq.conf"), $"""
            listeners.tcp.default = 127.0.0.1:{amqpPort}
            management.tcp.port = {managementPort}
            management.tcp.ip = 127.0.0.1
            default_user = {username}
            default_pass = {password}
            log.console = false
            collect_statistics_interval = 1000
            {(consumerTimeout is { } timeout ? $"consumer_timeout = {(long)timeout.TotalMilliseconds}" : string.Empty)}
            """).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(folder, "enabled_plugins"), "[rabbitmq_management].\n").ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(folder, "rabbitmq-env.conf"), string.Empty).ConfigureAwait(false);
        var environment = new Dictionary<string, string>
        {
            ["HOME"] = Path.Combine(folder, "home"),
            ["RABBITMQ_NODENAME"] = nodeName,
            ["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1",
            ["RABBITMQ_MNESIA_BASE"] = Path.Combine(folder, "mnesia"),
            ["RABBITMQ_LOG_BASE"] = Path.Combine(folder, "log"),
            ["RABBITMQ_CONFIG_FILE"] = Path.Combine(folder, "rabbitmq.conf"),
            ["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(folder, "enabled_plugins"),
            ["RABBITMQ_CONF_ENV_FILE"] = Path.Combine(folder, "rabbitmq-env.conf"),
            ["RABBITMQ_PID_FILE"] = Path.Combine(folder, "pid"),
            ["RABBITMQ_DIST_PORT"] = distributionPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["ERL_EPMD_PORT"] = portMapperPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["ERL_EPMD_ADDRESS"] = "127.0.0.1",

            // The Erlang distribution port listens on every interface unless told otherwise.
            ["RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS"] = "-kernel inet_dist_use_interface {127,0,0,1}",
        };
        var start = Start("rabbitmq-server", [], environment, folder);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start rabbitmq-server");
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var node = new RabbitMqNode(folder, environment, process, nodeName, amqpPort, managementPort, username, password)
        {
            DistributionPort = distributionPort,
            PortMapperPort = portMapperPort,
        };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            if (process.HasExited)
            {
                await node.DisposeAsync().ConfigureAwait(false);
                throw new InvalidOperationException("rabbitmq-server exited during start: " + output);
            }

            if (await node.ManagementAnswersAsync().ConfigureAwait(false))
            {
                return node;
            }

            if (DateTime.UtcNow > deadline)
            {
                await node.DisposeAsync().ConfigureAwait(false);
                throw new TimeoutException("rabbitmq-server did not start within 90 s: " + output);
            }

            await Task.Delay(500).ConfigureAwait(false);
        }
    }

    /// <summary>The queues on the node, as the management API describes them (name, type, messages, arguments, …).</summary>
    public async Task<IReadOnlyList<JsonElement>> ListQueuesAsync()
    {
        var json = await management.GetStringAsync("queues").ConfigureAwait(false);
        using var document = JsonDocument.Parse(json);
        // A queue being declared or deleted can be listed without its name for a moment; it is not one to report yet.
        return document.RootElement.EnumerateArray().Where(q => q.TryGetProperty("name", out _)).Select(q => q.Clone()).ToList();
    }

    /// <summary>Runs <c>rabbitmqctl</c> against this node and returns its output.</summary>
    public async Task<string> RunControlAsync(params string[] arguments)
    {
        var start = Start("rabbitmqctl", ["-n", NodeName, .. arguments], environment, folder);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var control = Process.Start(start) ?? throw new InvalidOperationException("Could not start rabbitmqctl");
        var stdout = control.StandardOutput.ReadToEndAsync();
        var stderr = control.StandardError.ReadToEndAsync();
        await control.WaitForExitAsync().ConfigureAwait(false);
        if (control.ExitCode != 0)
        {
            throw new InvalidOperationException($"rabbitmqctl {string.Join(' ', arguments)} failed: {await stderr.ConfigureAwait(false)}");
        }

        return await stdout.ConfigureAwait(false);
    }

    /// <summary>Stops the node and its port mapper, and deletes its folder.</summary>
    public async ValueTask DisposeAsync()
    {
        management.Dispose();
        if (!process.HasExited)
        {
            try
            {
                await RunControlAsync("stop").ConfigureAwait(false);
            }
            catch (InvalidOperationException)
            {
                process.Kill(entireProcessTree: true);
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
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
        using (var epmd = Process.Start(new ProcessStartInfo("epmd", ["-port", environment["ERL_EPMD_PORT"], "-kill"]) { RedirectStandardOutput = true, RedirectStandardError = true }))
        {
            if (epmd is not null)
            {
                await epmd.WaitForExitAsync().ConfigureAwait(false);
            }
        }

        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // The node may still be closing its log files; the folder is under the temp folder.
        }
    }

    private static ProcessStartInfo Start(string tool, IEnumerable<string> arguments, Dictionary<string, string> environment, string workingFolder)
    {
        var start = new ProcessStartInfo(Path.Combine(Bin, tool)) { UseShellExecute = false, WorkingDirectory = workingFolder };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        return start;
    }

    private async Task<bool> ManagementAnswersAsync()
    {
        try
        {
            using var response = await management.GetAsync("overview").ConfigureAwait(false);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }
}
