using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Sluice.Tokenizer.Shards;

/// <summary>
/// The deterministic train/validation split by document id: a document is in validation when the first 8 bytes of
/// SHA-256(UTF-8 id), read as a big-endian unsigned integer and divided by 2^64, is below the validation fraction.
/// The answer depends only on the id and the fraction, never on order, shard or machine, so re-runs agree.
/// </summary>
public sealed class TrainValidationSplit
{
    /// <summary>Creates a split that sends about <paramref name="validationFraction"/> of documents to validation.</summary>
    /// <param name="validationFraction">Share of documents held out, in [0, 1]. 0 puts everything in train.</param>
    public TrainValidationSplit(double validationFraction)
    {
        if (double.IsNaN(validationFraction) || validationFraction < 0 || validationFraction > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(validationFraction), validationFraction, "The validation fraction must be between 0 and 1.");
        }

        ValidationFraction = validationFraction;
    }

    /// <summary>The share of documents held out for validation.</summary>
    public double ValidationFraction { get; }

    /// <summary>The fraction in parts per million, as stored in shard headers.</summary>
    public int ValidationPartsPerMillion => (int)Math.Round(ValidationFraction * 1_000_000);

    /// <summary>The split a document belongs to.</summary>
    public TokenSplit Assign(string documentId)
    {
        ArgumentException.ThrowIfNullOrEmpty(documentId);
        return Position(documentId) < ValidationFraction ? TokenSplit.Validation : TokenSplit.Train;
    }

    /// <summary>The document's uniform position in [0, 1) that the split compares with the fraction.</summary>
    public static double Position(string documentId)
    {
        ArgumentNullException.ThrowIfNull(documentId);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        var byteCount = Encoding.UTF8.GetByteCount(documentId);
        var bytes = byteCount <= 512 ? stackalloc byte[byteCount] : new byte[byteCount];
        Encoding.UTF8.GetBytes(documentId, bytes);
        SHA256.HashData(bytes, hash);
        var top = BinaryPrimitives.ReadUInt64BigEndian(hash);
        return (top >> 11) * (1.0 / (1UL << 53));
    }
}
