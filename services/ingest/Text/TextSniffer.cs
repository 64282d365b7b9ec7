using System.Text;

namespace Sluice.Ingest.Text;

/// <summary>Decides from an object's first bytes whether it is text, and in which encoding.</summary>
internal static class TextSniffer
{
    /// <summary>How many leading bytes are examined.</summary>
    public const int HeadBytes = 64 * 1024;

    private static readonly (byte[] Magic, string Name)[] BinarySignatures =
    [
        ([0x89, (byte)'P', (byte)'N', (byte)'G'], "PNG image"),
        ([0xFF, 0xD8, 0xFF], "JPEG image"),
        ("GIF8"u8.ToArray(), "GIF image"),
        ("%PDF-"u8.ToArray(), "PDF document"),
        ([0x7F, (byte)'E', (byte)'L', (byte)'F'], "ELF executable"),
        ("MZ"u8.ToArray(), "Windows executable"),
        ([(byte)'P', (byte)'K', 3, 4], "zip archive"),
        ([0x1F, 0x8B], "gzip stream"),
        ([(byte)'7', (byte)'z', 0xBC, 0xAF], "7-zip archive"),
        ("PAR1"u8.ToArray(), "Parquet file"),
        ([0x28, 0xB5, 0x2F, 0xFD], "zstd stream"),
        ("BZh"u8.ToArray(), "bzip2 stream"),
        ([0xFD, (byte)'7', (byte)'z', (byte)'X', (byte)'Z'], "xz stream"),
    ];

    /// <summary>Examines <paramref name="head"/> (the first up to <see cref="HeadBytes"/> bytes; <paramref name="complete"/> when it is the whole object).</summary>
    public static TextSniff Sniff(ReadOnlySpan<byte> head, bool complete, double maxUndecodableFraction)
    {
        if (head.IsEmpty)
        {
            return new TextSniff(TextEncodingKind.Utf8, 0, RejectionReasons.EmptyFile, "the object has no bytes");
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return CheckUtf8(head[3..], complete, maxUndecodableFraction, 3);
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return new TextSniff(TextEncodingKind.Utf16LittleEndian, 2, null, null);
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return new TextSniff(TextEncodingKind.Utf16BigEndian, 2, null, null);
        }

        foreach (var (magic, name) in BinarySignatures)
        {
            if (head.StartsWith(magic))
            {
                return new TextSniff(TextEncodingKind.Utf8, 0, RejectionReasons.BinaryFile, $"the object starts with the signature of a {name}");
            }
        }

        var nul = head.IndexOf((byte)0);
        if (nul >= 0)
        {
            return new TextSniff(TextEncodingKind.Utf8, 0, RejectionReasons.BinaryFile, $"the object holds a NUL byte at offset {nul} and has no UTF-16 byte-order mark");
        }

        return CheckUtf8(head, complete, maxUndecodableFraction, 0);
    }

    private static TextSniff CheckUtf8(ReadOnlySpan<byte> body, bool complete, double maxUndecodableFraction, int bomLength)
    {
        if (body.IsEmpty)
        {
            return new TextSniff(TextEncodingKind.Utf8, bomLength, RejectionReasons.EmptyFile, "the object holds only a byte-order mark");
        }

        var fallback = new UndecodableByteFallback();
        var decoder = Encoding.GetEncoding("utf-8", EncoderFallback.ReplacementFallback, fallback).GetDecoder();
        var chars = new char[Encoding.UTF8.GetMaxCharCount(body.Length)];
        decoder.GetChars(body, chars, flush: complete);
        var fraction = (double)fallback.Count / body.Length;
        if (fraction > maxUndecodableFraction)
        {
            return new TextSniff(TextEncodingKind.Utf8, bomLength, RejectionReasons.UndecodableText,
                FormattableString.Invariant($"{fallback.Count} of the first {body.Length} bytes are not valid UTF-8 ({fraction:P1}, more than the {maxUndecodableFraction:P1} allowed)"));
        }

        return new TextSniff(TextEncodingKind.Utf8, bomLength, null, null);
    }
}
