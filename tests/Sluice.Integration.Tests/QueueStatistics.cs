using System.Text.Json;
using Sluice.Testing;

namespace Sluice.Integration.Tests;

/// <summary>One queue as the broker's management API counts it.</summary>
/// <param name="Ready">Messages waiting for a consumer.</param>
/// <param name="Unacknowledged">Messages delivered and held by a consumer.</param>
/// <param name="Consumers">Consumers attached.</param>
/// <param name="Acknowledged">Deliveries acknowledged over the queue's life.</param>
/// <param name="Redelivered">Deliveries that were repeats over the queue's life.</param>
public sealed record QueueStatistics(int Ready, int Unacknowledged, int Consumers, int Acknowledged, int Redelivered)
{
    /// <summary>The queue <paramref name="name"/> as <paramref name="rabbit"/> counts it now (all zero before it exists).</summary>
    public static async Task<QueueStatistics> ReadAsync(RabbitMqNode rabbit, string name)
    {
        ArgumentNullException.ThrowIfNull(rabbit);
        var queue = (await rabbit.ListQueuesAsync()).FirstOrDefault(q => q.GetProperty("name").GetString() == name);
        if (queue.ValueKind != JsonValueKind.Object)
        {
            return new QueueStatistics(0, 0, 0, 0, 0);
        }

        static int Count(JsonElement element, string property) => element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt32() : 0;
        var stats = queue.TryGetProperty("message_stats", out var s) ? s : default;
        return new QueueStatistics(
            Count(queue, "messages_ready"),
            Count(queue, "messages_unacknowledged"),
            Count(queue, "consumers"),
            stats.ValueKind == JsonValueKind.Object ? Count(stats, "ack") : 0,
            stats.ValueKind == JsonValueKind.Object ? Count(stats, "redeliver") : 0);
    }

    /// <summary>
    /// Waits until the queue holds no message, ready or delivered, at two readings in a row (the management API's counts
    /// lag the queue by its statistics interval); throws <see cref="TimeoutException"/> after <paramref name="timeout"/>.
    /// </summary>
    public static async Task WaitUntilDrainedAsync(RabbitMqNode rabbit, string name, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var emptyReadings = 0;
        while (emptyReadings < 2)
        {
            var stats = await ReadAsync(rabbit, name);
            emptyReadings = stats.Ready == 0 && stats.Unacknowledged == 0 ? emptyReadings + 1 : 0;
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"queue {name} still holds {stats.Ready} ready and {stats.Unacknowledged} delivered message(s) after {timeout}");
            }

            await Task.Delay(TimeSpan.FromSeconds(1));
        }
    }
}
