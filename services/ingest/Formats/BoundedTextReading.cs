using System.Text;
using Sluice.Ingest.Reading;

namespace Sluice.Ingest.Formats;

/// <summary>Reads a whole text object into memory, refusing one larger than the record limit.</summary>
internal static class BoundedTextReading
{
    /// <summary>The whole text of <paramref name="reader"/>; throws <see cref="QuarantineException"/> (<c>record-too-large</c>) past <paramref name="maxChars"/>.</summary>
    public static async ValueTask<string> ReadAllAsync(TextReader reader, int maxChars, string what, CancellationToken cancellationToken)
    {
        var builder = new StringBuilder();
        var buffer = new char[64 * 1024];
        int read;
        while ((read = await reader.ReadAsync(buffer, cancellationToken)) > 0)
        {
            if (builder.Length + read > maxChars)
            {
                throw new QuarantineException(RejectionReasons.RecordTooLarge,
                    $"{what} has more than the {maxChars} characters allowed for one document (MaxRecordBytes)");
            }

            builder.Append(buffer, 0, read);
        }

        return builder.ToString();
    }
}
