using System.Buffers.Binary;
using System.Diagnostics;
using System.IO.Compression;

namespace Sluice.Ingest.Tests;

/// <summary>
/// Builds gzip members for the multi-member tests: with .NET's GZipStream, with the system <c>gzip</c> program, and
/// with hand-written headers (extra field, name, comment, header CRC) around a real deflate stream.
/// </summary>
internal static class GzipMembers
{
    /// <summary>Compresses <paramref name="data"/> with the system gzip at <paramref name="level"/> (1-9); with a file name, gzip stores it in the header.</summary>
    public static byte[] SystemGzip(byte[] data, int level, string? fileName = null)
    {
        string? folder = null;
        var start = new ProcessStartInfo("gzip") { RedirectStandardOutput = true, RedirectStandardInput = fileName is null, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add($"-{level}");
        if (fileName is not null)
        {
            folder = Directory.CreateTempSubdirectory("sluice-gzip-").FullName;
            var path = Path.Combine(folder, fileName);
            File.WriteAllBytes(path, data);
            start.ArgumentList.Add(path);
        }
        else
        {
            start.ArgumentList.Add("-n");
        }

        try
        {
            using var gzip = Process.Start(start) ?? throw new InvalidOperationException("gzip did not start");
            var writer = fileName is null
                ? Task.Run(() =>
                {
                    gzip.StandardInput.BaseStream.Write(data);
                    gzip.StandardInput.Close();
                })
                : Task.CompletedTask;
            var output = new MemoryStream();
            gzip.StandardOutput.BaseStream.CopyTo(output);
            writer.GetAwaiter().GetResult();
            gzip.WaitForExit();
            if (gzip.ExitCode != 0)
            {
                throw new InvalidOperationException($"gzip exited with {gzip.ExitCode}");
            }

            return output.ToArray();
        }
        finally
        {
            if (folder is not null)
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    /// <summary>
    /// One member with every optional header field (RFC 1952 2.3.1): FEXTRA holding a bgzip-style "BC" subfield,
    /// FNAME, FCOMMENT and FHCRC, around the deflate data and trailer of a GZipStream member of <paramref name="data"/>.
    /// </summary>
    public static byte[] WithAllHeaderFields(byte[] data)
    {
        var plain = Archives.Gzip(data);
        var deflateAndTrailer = plain.AsSpan(10);
        var header = new MemoryStream();
        header.Write([0x1F, 0x8B, 8, 0x02 | 0x04 | 0x08 | 0x10, 0, 0, 0, 0, 0, 255]);
        header.Write([6, 0, (byte)'B', (byte)'C', 2, 0, 0, 0]);
        header.Write("part.jsonl\0"u8);
        header.Write("written by hand\0"u8);
        var crc = Crc32Of(header.ToArray());
        header.Write([(byte)crc, (byte)(crc >> 8)]);
        header.Write(deflateAndTrailer);
        return header.ToArray();
    }

    /// <summary>A copy of a single-member gzip with its trailer's CRC-32 changed.</summary>
    public static byte[] WithCrcFlipped(byte[] member)
    {
        var copy = member.ToArray();
        copy[^8] ^= 0x01;
        return copy;
    }

    /// <summary>A copy of a single-member gzip with its trailer's size (ISIZE) increased by one.</summary>
    public static byte[] WithSizeOffByOne(byte[] member)
    {
        var copy = member.ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(copy.AsSpan(copy.Length - 4), BinaryPrimitives.ReadUInt32LittleEndian(copy.AsSpan(copy.Length - 4)) + 1);
        return copy;
    }

    /// <summary>
    /// An empty member: header, a final fixed-Huffman block holding only end-of-block (03 00) and a zero trailer. GZipStream
    /// writes no bytes at all when nothing is written to it, so this is spelled out (it is what <c>gzip -n</c> writes for no input).
    /// </summary>
    public static byte[] Empty() => [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 3, 0x03, 0x00, 0, 0, 0, 0, 0, 0, 0, 0];

    public static byte[] Concat(params byte[][] members) => members.SelectMany(m => m).ToArray();

    /// <summary>Splits <paramref name="data"/> into <paramref name="parts"/> pieces of roughly equal size (cut anywhere, mid-line included).</summary>
    public static byte[][] Split(byte[] data, int parts) =>
        Enumerable.Range(0, parts).Select(i => data[(data.Length * i / parts)..(data.Length * (i + 1) / parts)]).ToArray();

    private static uint Crc32Of(byte[] bytes)
    {
        // GZipStream writes the CRC-32 of what it compressed into its trailer: a reference independent of the code under test.
        var member = Archives.Gzip(bytes, CompressionLevel.NoCompression);
        return BinaryPrimitives.ReadUInt32LittleEndian(member.AsSpan(member.Length - 8));
    }
}
