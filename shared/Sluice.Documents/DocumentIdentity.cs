using System.Security.Cryptography;
using System.Text;

namespace Sluice.Documents;

/// <summary>The hashes that identify documents and objects; every stage computes them the same way.</summary>
public static class DocumentIdentity
{
    /// <summary>Lower-case hex SHA-256 of the UTF-8 bytes of <paramref name="text"/>. Equal texts have equal hashes (exact duplicates).</summary>
    public static string ContentHash(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>
    /// A document id: the first 32 hex digits (128 bits) of SHA-256 over the source key, the locator and the text,
    /// each length-prefixed so no two different triples hash the same bytes. The same text at the same place of the same
    /// source always gets the same id; two equal texts on different lines of one file get different ids.
    /// </summary>
    public static string Id(string source, string locator, string text)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(locator);
        ArgumentNullException.ThrowIfNull(text);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        AppendField(hash, "sluice-document-v1");
        AppendField(hash, source);
        AppendField(hash, locator);
        AppendField(hash, text);
        Span<byte> digest = stackalloc byte[32];
        hash.GetHashAndReset(digest);
        return Convert.ToHexStringLower(digest[..16]);
    }

    /// <summary>Lower-case hex SHA-256 of a byte sequence (object and shard hashes).</summary>
    public static string Sha256(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static void AppendField(IncrementalHash hash, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        Span<byte> length = stackalloc byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(length, bytes.Length);
        hash.AppendData(length);
        hash.AppendData(bytes);
    }
}
