using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Sluice.Contracts;
using Sluice.Stages;
using Sluice.Storage;

namespace Sluice.Hosting;

/// <summary>
/// A shard stage's inbox on the bus: which inputs the stage has worked and announced, per configuration. A record is
/// written after the stage's event was published (and confirmed by the broker), before the message is acknowledged; a
/// second delivery of the same event (its publisher was killed between publishing and acknowledging and published it
/// again, or the broker delivered it twice) finds the record and is acknowledged without working the shard or publishing
/// anything, so a duplicate stops at the first stage it reaches instead of flowing on. A re-run
/// (<see cref="DataArrived.Rerun"/>) works the input regardless. Records live in the lake:
/// <c>state/&lt;stage&gt;/inbox/&lt;config-hash&gt;/&lt;sha256 of the input key&gt;.json</c>.
/// </summary>
public sealed class ShardInbox(IObjectStore lake, ILogger<ShardInbox> logger)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Runs <paramref name="work"/> (the runner over <paramref name="input"/>) unless <paramref name="stage"/> already
    /// worked and announced this input under <paramref name="configHash"/>; records it once the work announced it.
    /// </summary>
    /// <param name="stage">The stage's name.</param>
    /// <param name="configHash">The stage's configuration hash: a changed configuration works the input again.</param>
    /// <param name="input">The input the message names.</param>
    /// <param name="rerun">True for a re-run's message: worked even when recorded.</param>
    /// <param name="work">The runner; returns false when the input was quarantined instead (not recorded: quarantine is idempotent).</param>
    /// <param name="cancellationToken">Stops the work.</param>
    public async Task RunOnceAsync(string stage, string configHash, ShardInput input, bool rerun, Func<Task<bool>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(work);
        var key = Key(stage, configHash, input.Shard.Key);
        if (!rerun && await IsRecordedAsync(key, input.Shard, cancellationToken).ConfigureAwait(false))
        {
            logger.LogInformation("{Stage} already worked and announced {ShardKey} under configuration {ConfigHash}: a second delivery, acknowledged without work", stage, input.Shard.Key, configHash);
            return;
        }

        if (!await work().ConfigureAwait(false))
        {
            return;
        }

        var record = JsonSerializer.SerializeToUtf8Bytes(new InboxRecord(input.Shard.Key, input.Shard.Sha256, input.Source.Key), Json);
        await lake.PutAsync(key, new MemoryStream(record), cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The record's key for one input of one stage under one configuration.</summary>
    public static string Key(string stage, string configHash, string inputKey) =>
        LakeKeys.State(stage, $"inbox/{configHash}/{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(inputKey)))}.json");

    private async Task<bool> IsRecordedAsync(string key, StoredObjectRef shard, CancellationToken cancellationToken)
    {
        if (await lake.GetInfoAsync(key, cancellationToken).ConfigureAwait(false) is null)
        {
            return false;
        }

        // The record names the bytes it was made for: a message naming other bytes under the same key is not a second
        // delivery of the same event, and the runner refuses it on its own terms.
        var stream = await lake.OpenReadAsync(key, cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var record = await JsonSerializer.DeserializeAsync<InboxRecord>(stream, Json, cancellationToken).ConfigureAwait(false);
            return record is not null && string.Equals(record.Sha256, shard.Sha256, StringComparison.Ordinal);
        }
    }
}
