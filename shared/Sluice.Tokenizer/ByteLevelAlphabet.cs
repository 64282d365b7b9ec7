using System.Text;

namespace Sluice.Tokenizer;

/// <summary>
/// GPT-2's byte-to-character mapping used by Hugging Face's ByteLevel pre-tokenizer and decoder: printable bytes
/// (33–126, 161–172, 174–255) stand for themselves, the other 68 bytes map to U+0100 onwards in byte order.
/// </summary>
public static class ByteLevelAlphabet
{
    private static readonly char[] CharOfByte = Build();

    /// <summary>The 256 bytes in the order of their characters (the order of GPT-2's first 256 ranks).</summary>
    public static IReadOnlyList<byte> ByteOrder { get; } = Enumerable.Range(0, 256).Select(b => (byte)b).OrderBy(b => CharOfByte[b]).ToArray();

    /// <summary>The character a byte stands for.</summary>
    public static char CharOf(byte b) => CharOfByte[b];

    /// <summary>A byte string as its byte-level characters (how Hugging Face writes BPE vocabularies).</summary>
    public static string Encode(ReadOnlySpan<byte> bytes)
    {
        var builder = new StringBuilder(bytes.Length);
        foreach (var b in bytes)
        {
            builder.Append(CharOfByte[b]);
        }

        return builder.ToString();
    }

    private static char[] Build()
    {
        var map = new char[256];
        var next = 256;
        for (var b = 0; b < 256; b++)
        {
            var printable = b is (>= 33 and <= 126) or (>= 161 and <= 172) or (>= 174 and <= 255);
            map[b] = printable ? (char)b : (char)next++;
        }

        return map;
    }
}
