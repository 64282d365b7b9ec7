using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace Sluice.Testing;

/// <summary>
/// Every message published on a local stack's broker, copied by RabbitMQ's firehose (<c>rabbitmqctl trace_on</c>) into a
/// queue of the test's own, read back through the management API, and published again exactly as it was (same
/// exchange, routing key, properties and body): a second delivery of every message to every consumer.
/// </summary>
public sealed class BrokerFirehose : IDisposable
{
    private const string Queue = "sluice-test-firehose";
    private readonly LocalStack stack;
    private readonly HttpClient management;

    private BrokerFirehose(LocalStack stack)
    {
        this.stack = stack;
        management = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{stack.Port("SLUICE_RABBITMQ_CONSOLE_PORT")}/api/") };
        var user = stack.Credential("RABBITMQ_USER");
        var password = stack.Credential("RABBITMQ_PASSWORD");
        management.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
    }

    /// <summary>Binds the test's queue to the trace exchange's publish copies and turns the firehose on.</summary>
    public static async Task<BrokerFirehose> StartAsync(LocalStack stack)
    {
        ArgumentNullException.ThrowIfNull(stack);
        var firehose = new BrokerFirehose(stack);
        (await firehose.management.PutAsJsonAsync($"queues/%2F/{Queue}", new { durable = false, auto_delete = false })).EnsureSuccessStatusCode();
        (await firehose.management.PostAsJsonAsync($"bindings/%2F/e/amq.rabbitmq.trace/q/{Queue}", new { routing_key = "publish.#" })).EnsureSuccessStatusCode();
        await stack.TraceAsync(on: true);
        return firehose;
    }

    /// <summary>Turns the firehose off (the copies already made stay in the test's queue).</summary>
    public Task StopAsync() => stack.TraceAsync(on: false);

    /// <summary>Takes every copy made so far out of the test's queue.</summary>
    public async Task<List<TracedMessage>> DrainAsync()
    {
        var messages = new List<TracedMessage>();
        while (true)
        {
            var response = await management.PostAsJsonAsync($"queues/%2F/{Queue}/get", new { count = 1000, ackmode = "ack_requeue_false", encoding = "auto", truncate = 50_000_000 });
            response.EnsureSuccessStatusCode();
            var batch = (await response.Content.ReadFromJsonAsync<JsonArray>())!;
            foreach (var item in batch)
            {
                var headers = item!["properties"]!["headers"]!.AsObject();
                var keys = headers["routing_keys"]?.AsArray();
                messages.Add(new TracedMessage(
                    (string)headers["exchange_name"]!,
                    keys is { Count: > 0 } ? (string)keys[0]! : string.Empty,
                    headers["properties"]?.DeepClone().AsObject() ?? [],
                    (string)item["payload"]!,
                    (string)item["payload_encoding"]!));
            }

            if (batch.Count < 1000)
            {
                return messages;
            }
        }
    }

    /// <summary>Publishes <paramref name="message"/> again, as it was; false when the broker routed it to no queue.</summary>
    public async Task<bool> RepublishAsync(TracedMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var body = new JsonObject
        {
            ["properties"] = message.Properties.DeepClone(),
            ["routing_key"] = message.RoutingKey,
            ["payload"] = message.Payload,
            ["payload_encoding"] = message.PayloadEncoding,
        };
        var exchange = message.Exchange.Length == 0 ? "amq.default" : message.Exchange;
        var response = await management.PostAsJsonAsync($"exchanges/%2F/{Uri.EscapeDataString(exchange)}/publish", body);
        response.EnsureSuccessStatusCode();
        return (bool)(await response.Content.ReadFromJsonAsync<JsonObject>())!["routed"]!;
    }

    /// <inheritdoc />
    public void Dispose() => management.Dispose();
}
