using System.Collections.Concurrent;
using System.Reflection;
using Sluice.Contracts;

namespace Sluice.Hosting;

/// <summary>What the consume filter (and a job deciding parked messages) reads off a message: its schema version and the keys its log scope carries.</summary>
public static class MessageScope
{
    private static readonly ConcurrentDictionary<Type, PropertyInfo?> SchemaProperties = new();

    /// <summary>The message's <c>SchemaVersion</c>, or null for a message without one (a bucket notification in its own format).</summary>
    public static int? SchemaVersion(object message) =>
        SchemaProperties.GetOrAdd(message.GetType(), t => t.GetProperty("SchemaVersion", typeof(int)))?.GetValue(message) as int?;

    /// <summary>The log scope of one message: its type, the shard the consumer works on, and the source it descends from.</summary>
    public static Dictionary<string, object> Describe(object message)
    {
        var scope = new Dictionary<string, object> { ["MessageType"] = message.GetType().Name };
        var (shard, source) = message switch
        {
            ObjectDropped m => (null, m.Key),
            ReprocessSource m => (null, m.SourceKey),
            DataArrived m => (m.Shard.Key, m.Source.Key),
            Deduplicated m => (m.Output.Key, m.Source.Key),
            Cleaned m => (m.Output.Key, m.Source.Key),
            Tokenized m => (m.Input.Key, m.Source.Key),
            ShardQuarantined m => (m.Input.Key, m.Source.Key),
            _ => ((string?)null, (string?)null),
        };
        if (shard is not null)
        {
            scope["ShardKey"] = shard;
        }

        if (source is not null)
        {
            scope["SourceKey"] = source;
        }

        return scope;
    }
}
