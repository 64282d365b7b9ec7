using System.Formats.Tar;
using System.IO.Compression;
using System.Text;

namespace Sluice.Testing;

/// <summary>
/// The catalogue of bad inputs the reliability suite drops (docs/reliability.md lists the same kinds): encodings, archive
/// bombs, deep nesting, unsafe member names, links, huge records, empty files, malformed JSON / CSV / Parquet / HTML and
/// mislabelled binaries. Each is built here from scratch, with the reason it must be quarantined with.
/// </summary>
public static class PoisonInputs
{
    /// <summary>The limits the kinds marked <see cref="PoisonInput.NeedsSmallLimits"/> are tried against, as <c>Ingest</c> settings.</summary>
    public static IReadOnlyDictionary<string, string> SmallLimits { get; } = new Dictionary<string, string>
    {
        ["MaxObjectBytes"] = "1048576",
        ["MaxRecordBytes"] = "65536",
        ["MaxArchiveEntries"] = "50",
        ["MaxExpandedBytes"] = "4194304",
    };

    /// <summary>Every kind, in a fixed order.</summary>
    public static IReadOnlyList<PoisonInput> All()
    {
        var text = Utf8("A plain sentence of ordinary English text, long enough to be a document of its own.");
        var random = new Random(17);
        byte[] Random(int count)
        {
            var bytes = new byte[count];
            random.NextBytes(bytes);
            return bytes;
        }

        var highBytes = Random(4096).Select(b => (byte)(b | 0x80)).ToArray();
        var deepJson = new string('[', 5_000) + new string(']', 5_000);
        var goodZip = Zip(("a.txt", text), ("b.txt", text));
        var goodTarGz = Gzip(Tar(("a.txt", text), ("b.txt", text)));
        return
        [
            new("empty text file", "poison/empty.txt", [], "empty-file"),
            new("zero-byte gzip", "poison/empty.txt.gz", [], "empty-file"),
            new("whitespace and control characters only", "poison/blank.txt", Utf8("\uFEFF \t\r\n\u0001\u0002  \n\n"), "empty-document"),
            new("PNG image named .txt", "poison/image.txt", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, .. Random(256)], "binary-file"),
            new("ELF executable named .md", "poison/program.md", [0x7F, 0x45, 0x4C, 0x46, 2, 1, 1, 0, .. Random(512)], "binary-file"),
            new("NUL bytes inside text", "poison/nul.txt", [.. text, 0, 0, 0, .. text], "binary-file"),
            new("bytes that decode as nothing (no valid UTF-8 or UTF-16)", "poison/latin.txt", highBytes, "undecodable-text"),
            new("PDF named .pdf", "poison/paper.pdf", Utf8("%PDF-1.4\n%âãÏÓ\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"), "unsupported-format"),
            new("Windows executable named .exe", "poison/setup.exe", [0x4D, 0x5A, 0x90, 0, .. Random(256)], "unsupported-format"),
            new("JSON Lines line that is not JSON", "poison/broken.jsonl", Utf8("{ \"text\": \"unterminated\n"), "invalid-json"),
            new("JSON Lines holding only blank lines", "poison/blank.jsonl", Utf8("\n\n   \n"), "empty-file"),
            new("JSON Lines record that is an array", "poison/array.jsonl", Utf8("[\"text\", \"not an object\"]\n"), "missing-text"),
            new("JSON Lines record whose text is a number", "poison/number.jsonl", Utf8("{\"text\": 42}\n"), "missing-text"),
            new("JSON nested 5,000 levels deep", "poison/deep.json", Utf8(deepJson), "invalid-json"),
            new("JSON Lines record nested 5,000 levels deep", "poison/deep.jsonl", Utf8("{\"text\": \"x\", \"meta\": " + deepJson + "}\n"), "invalid-json"),
            new("truncated JSON document", "poison/cut.json", Utf8("{\"text\": \"a document cut in the mid"), "invalid-json"),
            new("empty JSON array", "poison/none.json", Utf8("[]"), "empty-file"),
            new("CSV without the text column", "poison/columns.csv", Utf8("title,body\nA,B\n"), "missing-text"),
            new("CSV with an unbalanced quote", "poison/quote.csv", Utf8("text\n\"never closed\n"), "invalid-csv"),
            new("CSV row with more fields than the header", "poison/fields.csv", Utf8("text\ntoo,many,fields\n"), "invalid-csv"),
            new("CSV with only a header", "poison/header.csv", Utf8("text,title\n"), "empty-file"),
            new("random bytes named .parquet", "poison/noise.parquet", Random(2048), "invalid-parquet"),
            new("Parquet magic with a damaged footer", "poison/footer.parquet", [.. Utf8("PAR1"), .. Random(64), 0xFF, 0xFF, 0xFF, 0x7F, .. Utf8("PAR1")], "invalid-parquet"),
            new("HTML of nothing but scripts and styles", "poison/script.html", Utf8("<html><head><style>p{}</style><script>alert(1)</script></head><body><script>x()</script></body></html>"), "empty-document"),
            new("gzip bomb (ratio over 200)", "poison/bomb.txt.gz", Gzip(new byte[4 * 1024 * 1024]), "archive-bomb"),
            new("zip entry declaring a bomb's ratio", "poison/bomb.zip", Zip(("zeros.txt", new byte[2 * 1024 * 1024])), "archive-bomb"),
            new("archives nested four deep", "poison/nested.zip", Zip(("1.zip", Zip(("2.zip", Zip(("3.zip", Zip(("deep.txt", text)))))))), "nesting-too-deep"),
            new("zip member climbing out with '..'", "poison/slip.zip", Zip(("../../etc/evil.txt", text)), "unsafe-member-name"),
            new("tar member with an absolute path", "poison/absolute.tar", Tar(("/etc/passwd.txt", text)), "unsafe-member-name"),
            new("zip member with a drive letter", "poison/drive.zip", Zip(("C:\\Windows\\evil.txt", text)), "unsafe-member-name"),
            new("tar symbolic link", "poison/symlink.tar", TarLink(TarEntryType.SymbolicLink, "link.txt", "/etc/passwd"), "archive-link"),
            new("tar hard link", "poison/hardlink.tar", TarLink(TarEntryType.HardLink, "hard.txt", "other.txt"), "archive-link"),
            new("zip symbolic link", "poison/symlink.zip", ZipSymlink("link.txt", "/etc/passwd"), "archive-link"),
            new("truncated zip", "poison/cut.zip", goodZip[..(goodZip.Length / 2)], "truncated-archive"),
            new("truncated tar.gz", "poison/cut.tar.gz", goodTarGz[..(goodTarGz.Length * 2 / 3)], "truncated-archive"),
            new("random bytes named .gz", "poison/noise.txt.gz", [0x1F, 0x8B, 8, 0, .. Random(512)], "truncated-archive"),
            new("one JSON line of 100,000 characters", "poison/huge-line.jsonl", Utf8("{\"text\": \"" + new string('a', 100_000) + "\"}\n"), "record-too-large", NeedsSmallLimits: true),
            new("a text file over the object size limit", "poison/huge.txt", Utf8(string.Concat(Enumerable.Repeat("Many words in a very long file. ", 40_000))), "size-limit", NeedsSmallLimits: true),
            new("zip with more entries than allowed", "poison/many.zip", Zip([.. Enumerable.Range(0, 60).Select(i => ($"{i}.txt", text))]), "too-many-entries", NeedsSmallLimits: true, KeptBefore: 50),
        ];
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static byte[] Gzip(byte[] data)
    {
        var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }

    private static byte[] Zip(params (string Name, byte[] Data)[] entries)
    {
        var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, data) in entries)
            {
                using var stream = zip.CreateEntry(name, CompressionLevel.Optimal).Open();
                stream.Write(data);
            }
        }

        return output.ToArray();
    }

    private static byte[] ZipSymlink(string name, string target)
    {
        var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            var entry = zip.CreateEntry(name, CompressionLevel.NoCompression);
            // What Info-ZIP writes for a symbolic link: the Unix mode S_IFLNK | 0777 in the high 16 bits, the target as data.
            entry.ExternalAttributes = unchecked((int)(0xA1FFu << 16));
            using var stream = entry.Open();
            stream.Write(Utf8(target));
        }

        return output.ToArray();
    }

    private static byte[] Tar(params (string Name, byte[] Data)[] entries)
    {
        var output = new MemoryStream();
        using (var tar = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var (name, data) in entries)
            {
                tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(data) });
            }
        }

        return output.ToArray();
    }

    private static byte[] TarLink(TarEntryType type, string name, string target)
    {
        var output = new MemoryStream();
        using (var tar = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true))
        {
            tar.WriteEntry(new PaxTarEntry(type, name) { LinkName = target });
        }

        return output.ToArray();
    }
}
