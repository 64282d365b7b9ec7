using System.Buffers;
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
        var buffer = ArrayPool<char>.Shared.Rent(64 * 1024);
        try
        {
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
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }

        return builder.ToString();
    }
}
