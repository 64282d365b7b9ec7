using System.IO.Compression;
using System.Text;
using Sluice.Testing;

namespace Sluice.Integration.Tests;

/// <summary>
/// A mixed drop made from real text (the Brown corpus, Debian fortunes): good objects in every common format, one
/// partly bad file, and objects that must be quarantined whole. Each carries what ingest must make of it.
/// </summary>
internal sealed class SampleDrop
{
    private SampleDrop(IReadOnlyList<SampleObject> objects)
    {
        Objects = objects;
    }

    /// <summary>Every object to drop.</summary>
    public IReadOnlyList<SampleObject> Objects { get; }

    /// <summary>Documents the good parts must produce in total.</summary>
    public int ExpectedDocuments => Objects.Sum(o => o.Phrases.Count);

    /// <summary>Builds the drop; <paramref name="brownOffset"/> picks which Brown files are used, so drops can differ in content.</summary>
    public static SampleDrop Create(int brownOffset)
    {
        var brown = BrownCorpus.Documents().Skip(brownOffset).Take(4).Select(d => d.Text).ToList();
        var paragraphs = BrownCorpus.Paragraphs().Skip(brownOffset * 200).Where(p => p.Length > 200).Take(120).ToList();
        var fortunes = Fortunes.Read("en")
            .Where(f => f.Length is > 40 and < 200 && f.All(c => c == '\n' || (c >= ' ' && c <= '~')) && !f.Contains("  ", StringComparison.Ordinal) && !f.Contains('"'))
            .Skip(brownOffset * 7)
            .Take(6)
            .ToList();
        var objects = new List<SampleObject>
        {
            Good("news/brown-1.txt", Encoding.UTF8.GetBytes(brown[0]), FirstWords(brown[0])),
            Good("news/brown-2.md", Encoding.UTF8.GetBytes("# From the Brown corpus\n\n" + brown[1]), FirstWords(brown[1])),
            Good("web/page.html", Encoding.UTF8.GetBytes($"""
                <!doctype html><html><head><title>Sample</title><style>p {"{ color: red; }"}</style>
                <script>var tracking = "should never reach a document";</script></head>
                <body><nav><a href="/">Home</a> | <a href="/about">About</a></nav>
                <article><p>{System.Net.WebUtility.HtmlEncode(brown[2][..Math.Min(600, brown[2].Length)])}</p></article></body></html>
                """), FirstWords(brown[2])),
            Good("archives/brown-4.txt.gz", Gzip(Encoding.UTF8.GetBytes(brown[3])), FirstWords(brown[3])),
            new SampleObject(
                "records/fortunes.jsonl",
                Encoding.UTF8.GetBytes(string.Join('\n',
                    Json(fortunes[0], 1),
                    Json(fortunes[1], 2),
                    "{\"text\": \"this line is cut off",
                    Json(fortunes[2], 3)) + "\n"),
                [FirstLine(fortunes[0]), FirstLine(fortunes[1]), FirstLine(fortunes[2])],
                "invalid-json"),
            Good(
                "records/brown-paragraphs.jsonl",
                Encoding.UTF8.GetBytes(string.Concat(paragraphs.Select((p, i) => Json(p, i) + "\n"))),
                [.. paragraphs.Select(FirstWords)]),
            Good("tables/fortunes.csv", Encoding.UTF8.GetBytes("text,number\n" + string.Join('\n', fortunes.Skip(3).Select((f, i) => $"\"{f}\",{i}")) + "\n"),
                FirstLine(fortunes[3]), FirstLine(fortunes[4]), FirstLine(fortunes[5])),
            Bad("bad/photo.txt", Binary(4096, brownOffset), "binary-file"),
            Bad("bad/empty.txt", [], "empty-file"),
            Bad("bad/cut-short.txt.gz", Gzip(Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(brown[0], 4))))[..300], "truncated-archive"),
        };
        return new SampleDrop(objects);
    }

    private static SampleObject Good(string key, byte[] bytes, params string[] phrases) => new(key, bytes, phrases, null);

    private static SampleObject Bad(string key, byte[] bytes, string reason) => new(key, bytes, [], reason);

    private static string FirstWords(string text) => string.Join(' ', text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(8));

    private static string FirstLine(string text) => text.Split('\n')[0].Trim();

    private static string Json(string text, int number) =>
        System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object> { ["text"] = text, ["number"] = number });

    private static byte[] Gzip(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal))
        {
            gzip.Write(bytes);
        }

        return output.ToArray();
    }

    private static byte[] Binary(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D];
        png.CopyTo(bytes, 0);
        return bytes;
    }
}
