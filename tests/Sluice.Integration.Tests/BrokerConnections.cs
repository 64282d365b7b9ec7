using System.Text.Json;
using Sluice.Testing;

namespace Sluice.Integration.Tests;

/// <summary>The client connections of a RabbitMQ node, listed and closed with <c>rabbitmqctl</c>.</summary>
internal static class BrokerConnections
{
    /// <summary>The names of the open connections (client address and port to node address and port).</summary>
    public static async Task<IReadOnlyList<string>> ListAsync(RabbitMqNode rabbit)
    {
        var json = await rabbit.RunControlAsync("list_connections", "--quiet", "--formatter", "json", "name");
        using var document = JsonDocument.Parse(json);
        return document.RootElement.EnumerateArray().Select(c => c.GetProperty("name").GetString() ?? "").ToList();
    }

    /// <summary>
    /// Closes, from the broker's side, every connection not in <paramref name="kept"/> and waits until the node no longer
    /// lists them: what the broker sees when a worker's process is killed. Once a connection is gone, every message its
    /// channels held, in hand or prefetched, is back in its queue.
    /// </summary>
    public static async Task CloseAllButAsync(RabbitMqNode rabbit, IReadOnlyCollection<string> kept, TimeSpan timeout)
    {
        // close_connection takes the connection's Erlang process id as the plain listing prints it (<node.N.M>); the
        // JSON listing prints process ids in a form it does not accept.
        var listing = await rabbit.RunControlAsync("list_connections", "--quiet", "--no-table-headers", "pid", "name");
        var closed = new List<string>();
        foreach (var line in listing.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var fields = line.Split('\t', 2);
            if (fields.Length == 2 && !kept.Contains(fields[1], StringComparer.Ordinal))
            {
                await rabbit.RunControlAsync("close_connection", fields[0], "worker killed");
                closed.Add(fields[1]);
            }
        }

        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var open = (await ListAsync(rabbit)).Intersect(closed, StringComparer.Ordinal).ToList();
            if (open.Count == 0)
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out after {timeout} waiting for the broker to close {string.Join(", ", open)}");
            }

            await Task.Delay(200);
        }
    }
}
