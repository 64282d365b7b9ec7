using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Sluice.Contracts;
using Sluice.Hosting;
using Sluice.Storage;
using Sluice.Training.Lines;

namespace Sluice.Training.Worker;

/// <summary>
/// What the trainer keeps in the lake for each model line, under <c>state/trainer/&lt;model&gt;/</c>: the token shards
/// that arrived (each <see cref="Tokenized"/> as it came), the pending <see cref="StartTraining"/> requests, the line's
/// state, which checkpoints were announced; and the line's dataset manifests under <c>datasets/&lt;model&gt;/</c>.
/// </summary>
internal sealed class LineLedger([FromKeyedServices(ObjectStoreNames.Lake)] IObjectStore lake)
{
    private const string Stage = "trainer";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>Records a token shard arrival for a line (the same event twice is one arrival).</summary>
    public Task RecordArrivalAsync(string model, Tokenized tokenized, CancellationToken cancellationToken) =>
        PutJsonAsync(LakeKeys.State(Stage, $"{model}/arrivals/{tokenized.Input.Sha256[..32]}-{tokenized.StageConfigHash[..16]}.json"), tokenized, cancellationToken);

    /// <summary>Every arrival recorded for a line, with its key, in key order.</summary>
    public Task<List<(string Key, Tokenized Arrival)>> ArrivalsAsync(string model, CancellationToken cancellationToken) =>
        ReadAllAsync<Tokenized>(LakeKeys.StatePrefix(Stage, $"{model}/arrivals"), cancellationToken);

    /// <summary>Records a request to train a line now.</summary>
    public Task RecordRequestAsync(StartTraining request, CancellationToken cancellationToken) =>
        PutJsonAsync(LakeKeys.State(Stage, $"{request.Model}/requests/{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(request.RequestId)))[..32]}.json"), request, cancellationToken);

    /// <summary>The pending requests of a line, with their keys.</summary>
    public Task<List<(string Key, StartTraining Request)>> RequestsAsync(string model, CancellationToken cancellationToken) =>
        ReadAllAsync<StartTraining>(LakeKeys.StatePrefix(Stage, $"{model}/requests"), cancellationToken);

    /// <summary>Removes an object of the line's state (a served request, a refused arrival).</summary>
    public Task RemoveAsync(string key, CancellationToken cancellationToken) => lake.DeleteAsync(key, cancellationToken);

    /// <summary>The line's state; <see cref="LineState.New"/> for a line that never trained.</summary>
    public async Task<LineState> ReadStateAsync(string model, CancellationToken cancellationToken) =>
        await ReadJsonAsync<LineState>(StateKey(model), cancellationToken).ConfigureAwait(false) ?? LineState.New;

    /// <summary>Writes the line's state.</summary>
    public Task WriteStateAsync(string model, LineState state, CancellationToken cancellationToken) => PutJsonAsync(StateKey(model), state, cancellationToken);

    /// <summary>A dataset version of a line and its claim check.</summary>
    public async Task<(DatasetManifest Manifest, StoredObjectRef Object)> ReadDatasetAsync(string model, int version, CancellationToken cancellationToken)
    {
        var key = LakeKeys.DatasetManifest(model, version);
        var bytes = await ReadBytesAsync(key, cancellationToken).ConfigureAwait(false) ?? throw new ObjectNotFoundException(lake.Description, key);
        var manifest = JsonSerializer.Deserialize<DatasetManifest>(bytes, Json) ?? throw new InvalidDataException($"{key} is empty");
        return (manifest, Describe(key, bytes, manifest.Shards.Count));
    }

    /// <summary>Writes a dataset version (immutable: its content only, so writing it again gives the same bytes) and returns its claim check.</summary>
    public async Task<StoredObjectRef> WriteDatasetAsync(DatasetManifest manifest, CancellationToken cancellationToken)
    {
        var key = LakeKeys.DatasetManifest(manifest.Model, manifest.Version);
        var bytes = JsonSerializer.SerializeToUtf8Bytes(manifest, Json);
        var reference = Describe(key, bytes, manifest.Shards.Count);
        await lake.PutAsync(key, new MemoryStream(bytes), reference.Sha256, cancellationToken).ConfigureAwait(false);
        return reference;
    }

    /// <summary>Whether the checkpoint's <see cref="CheckpointSaved"/> was published.</summary>
    public async Task<bool> IsAnnouncedAsync(string model, string run, long step, CancellationToken cancellationToken) =>
        await lake.GetInfoAsync(AnnouncedKey(model, run, step), cancellationToken).ConfigureAwait(false) is not null;

    /// <summary>Records that the checkpoint's <see cref="CheckpointSaved"/> was published.</summary>
    public Task MarkAnnouncedAsync(string model, string run, long step, CancellationToken cancellationToken) =>
        lake.PutAsync(AnnouncedKey(model, run, step), new MemoryStream([]), cancellationToken: cancellationToken);

    /// <summary>The line's best checkpoint, as the evaluator's gate decided, or null.</summary>
    public Task<BestCheckpoint?> ReadBestAsync(string model, CancellationToken cancellationToken) => ReadJsonAsync<BestCheckpoint>(LakeKeys.BestCheckpoint(model), cancellationToken);

    private static string StateKey(string model) => LakeKeys.State(Stage, $"{model}/line.json");

    private static string AnnouncedKey(string model, string run, long step) =>
        LakeKeys.State(Stage, $"{model}/runs/{run}/announced/{step.ToString("D8", System.Globalization.CultureInfo.InvariantCulture)}");

    private static StoredObjectRef Describe(string key, byte[] bytes, long records) =>
        new() { Key = key, Sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes)), ByteCount = bytes.Length, RecordCount = records };

    private async Task PutJsonAsync<T>(string key, T value, CancellationToken cancellationToken) =>
        await lake.PutAsync(key, new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(value, Json)), cancellationToken: cancellationToken).ConfigureAwait(false);

    private async Task<T?> ReadJsonAsync<T>(string key, CancellationToken cancellationToken)
        where T : class
    {
        var bytes = await ReadBytesAsync(key, cancellationToken).ConfigureAwait(false);
        return bytes is null ? null : JsonSerializer.Deserialize<T>(bytes, Json);
    }

    private async Task<List<(string Key, T Value)>> ReadAllAsync<T>(string prefix, CancellationToken cancellationToken)
        where T : class
    {
        var keys = new List<string>();
        await foreach (var item in lake.ListAsync(prefix, cancellationToken).ConfigureAwait(false))
        {
            keys.Add(item.Key);
        }

        var values = new List<(string, T)>();
        foreach (var key in keys)
        {
            if (await ReadJsonAsync<T>(key, cancellationToken).ConfigureAwait(false) is { } value)
            {
                values.Add((key, value));
            }
        }

        return values;
    }

    private async Task<byte[]?> ReadBytesAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            var stream = await lake.OpenReadAsync(key, cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                var copy = new MemoryStream();
                await stream.CopyToAsync(copy, cancellationToken).ConfigureAwait(false);
                return copy.ToArray();
            }
        }
        catch (ObjectNotFoundException)
        {
            return null;
        }
    }
}
