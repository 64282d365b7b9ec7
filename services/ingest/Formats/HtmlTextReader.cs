using Sluice.Ingest.Reading;
using Sluice.Ingest.Text;

namespace Sluice.Ingest.Formats;

/// <summary>.html / .htm: one document per page, its readable text extracted by <see cref="HtmlTextExtractor"/>; title and language go to metadata.</summary>
internal static class HtmlTextReader
{
    public static async ValueTask ReadAsync(TextReader reader, RecordOrigin origin, TextEncodingKind encoding, UndecodableByteFallback fallback, IngestRun run, CancellationToken cancellationToken)
    {
        var html = await BoundedTextReading.ReadAllAsync(reader, run.Options.MaxRecordBytes, PlainTextReader.DescribeWhole(origin), cancellationToken);
        var (text, title, language) = run.HtmlExtractor.Extract(html);
        await run.AddDocumentAsync(text, origin, encoding, fallback.Count, writer =>
        {
            if (title is not null)
            {
                writer.WriteString("title", title);
            }

            if (language is not null)
            {
                writer.WriteString("lang", language);
            }
        }, cancellationToken);
    }
}
