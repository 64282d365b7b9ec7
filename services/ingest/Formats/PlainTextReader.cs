using Sluice.Ingest.Reading;
using Sluice.Ingest.Text;

namespace Sluice.Ingest.Formats;

/// <summary>.txt and .md: the whole object is one document.</summary>
internal static class PlainTextReader
{
    public static async ValueTask ReadAsync(TextReader reader, RecordOrigin origin, TextEncodingKind encoding, UndecodableByteFallback fallback, IngestRun run, CancellationToken cancellationToken)
    {
        var text = await BoundedTextReading.ReadAllAsync(reader, run.Options.MaxRecordBytes, DescribeWhole(origin), cancellationToken);
        await run.AddDocumentAsync(text, origin, encoding, fallback.Count, null, cancellationToken);
    }

    internal static string DescribeWhole(RecordOrigin origin) => origin.Entry.Length == 0 ? "the object" : $"entry '{origin.Entry}'";
}
