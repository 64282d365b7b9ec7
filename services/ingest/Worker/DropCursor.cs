using System.Text.Json;
using Sluice.Storage;

namespace Sluice.Ingest.Worker;

/// <summary>
/// The drop scanner's memory, kept in the lake (<c>state/ingest/drop-cursor.json</c>) so it survives restarts: the
/// entity tag of every drop object already sent to ingest. An object is sent again only when its tag changes.
/// </summary>
internal sealed class DropCursor
{
    public const string Key = "state/ingest/drop-cursor.json";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Dictionary<string, string> Seen { get; init; } = new(StringComparer.Ordinal);

    public static async Task<DropCursor> LoadAsync(IObjectStore lake, CancellationToken cancellationToken)
    {
        if (await lake.GetInfoAsync(Key, cancellationToken).ConfigureAwait(false) is null)
        {
            return new DropCursor();
        }

        var stream = await lake.OpenReadAsync(Key, cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            try
            {
                var seen = await JsonSerializer.DeserializeAsync<Dictionary<string, string>>(stream, Json, cancellationToken).ConfigureAwait(false);
                return new DropCursor { Seen = new Dictionary<string, string>(seen ?? [], StringComparer.Ordinal) };
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"The drop cursor {Key} in {lake.Description} is not valid JSON; delete it to rescan every drop object.", e);
            }
        }
    }

    public async Task SaveAsync(IObjectStore lake, CancellationToken cancellationToken)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(new SortedDictionary<string, string>(Seen, StringComparer.Ordinal), Json);
        await lake.PutAsync(Key, new MemoryStream(bytes), cancellationToken: cancellationToken).ConfigureAwait(false);
    }
}
