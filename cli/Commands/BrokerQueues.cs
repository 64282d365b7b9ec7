using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Sluice.Hosting;

namespace Sluice.Cli;

/// <summary>Reads the stages' queues from RabbitMQ's management API (<c>GET /api/queues/&lt;vhost&gt;</c>).</summary>
internal static class BrokerQueues
{
    /// <summary>Each queue by name, in the configured virtual host.</summary>
    public static async Task<IReadOnlyDictionary<string, QueueDepth>> ReadAsync(RabbitMqOptions rabbit, IEnumerable<string> stages, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://{rabbit.Host}:{rabbit.ManagementPort}/api/"), Timeout = TimeSpan.FromSeconds(10) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{rabbit.Username}:{rabbit.Password}")));
        using var response = await http.GetAsync("queues/" + Uri.EscapeDataString(rabbit.VirtualHost), cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"the management API at {http.BaseAddress} answered {(int)response.StatusCode} {response.ReasonPhrase}");
        }

        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        var counts = new Dictionary<string, (long Ready, long Unacknowledged, long Consumers)>(StringComparer.Ordinal);
        foreach (var queue in document.RootElement.EnumerateArray())
        {
            if (queue.TryGetProperty("name", out var name) && name.GetString() is { } queueName)
            {
                counts[queueName] = (Count(queue, "messages_ready"), Count(queue, "messages_unacknowledged"), Count(queue, "consumers"));
            }
        }

        var depths = new Dictionary<string, QueueDepth>(StringComparer.Ordinal);
        foreach (var stage in stages)
        {
            var main = counts.GetValueOrDefault(stage);
            var error = counts.GetValueOrDefault(stage + "_error");
            depths[stage] = new QueueDepth(main.Ready, main.Unacknowledged, main.Consumers, error.Ready + error.Unacknowledged);
        }

        return depths;
    }

    private static long Count(JsonElement queue, string property) =>
        queue.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt64() : 0;
}
