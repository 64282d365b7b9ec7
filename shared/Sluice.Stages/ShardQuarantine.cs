using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Sluice.Contracts;
using Sluice.Storage;

namespace Sluice.Stages;

/// <summary>
/// Refuses a whole input a stage can never use: writes the record of why at <see cref="LakeKeys.QuarantineRecord"/>
/// (the <see cref="ShardQuarantined"/> event as JSON) and publishes the event. Used by the runner for input shards and
/// by the stages that take whole shards otherwise (the trainer's token shards).
/// </summary>
public sealed class ShardQuarantine(IObjectStore lake, TimeProvider clock, ILogger<ShardQuarantine> logger)
{
    private static readonly JsonSerializerOptions RecordJson = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>Records and announces that <paramref name="stage"/> refused <paramref name="input"/> for <paramref name="reason"/>.</summary>
    public async Task<ShardQuarantined> QuarantineAsync(string stage, ShardInput input, string reason, string detail, string configHash, IStagePublisher publisher, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(publisher);
        var shard = input.Shard;
        var inputHash = IsHex(shard.Sha256) ? shard.Sha256 : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(shard.Key)));
        var key = LakeKeys.QuarantineRecord(stage, reason, inputHash, configHash);
        var quarantined = new ShardQuarantined
        {
            Stage = stage,
            Source = input.Source,
            Input = shard,
            Reason = reason,
            Detail = detail,
            RecordKey = key,
            OccurredAt = clock.GetUtcNow(),
        };
        await lake.PutAsync(key, new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(quarantined, RecordJson)), cancellationToken: cancellationToken).ConfigureAwait(false);
        logger.LogError("{Stage} quarantined {ShardKey} ({Reason}): {Detail}; record at {RecordKey}", stage, shard.Key, reason, detail, key);
        await publisher.PublishAsync(quarantined, cancellationToken).ConfigureAwait(false);
        return quarantined;
    }

    private static bool IsHex(string value) => value.Length > 0 && value.All(c => char.IsAsciiDigit(c) || char.IsAsciiHexDigitLower(c));
}
