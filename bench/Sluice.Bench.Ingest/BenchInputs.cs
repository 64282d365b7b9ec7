using System.Net;
using System.Text;
using System.Text.Json;
using Sluice.Testing;

namespace Sluice.Bench.Ingest;

/// <summary>The benchmark's inputs, built from the Brown corpus: one JSON Lines object and a set of HTML pages.</summary>
internal static class BenchInputs
{
    /// <summary>Every Brown document as one JSON line (text, name, round), the corpus repeated <paramref name="rounds"/> times.</summary>
    public static byte[] JsonLines(int rounds)
    {
        var documents = BrownCorpus.Documents().ToList();
        var builder = new StringBuilder();
        for (var round = 0; round < rounds; round++)
        {
            foreach (var (name, text) in documents)
            {
                builder.Append(JsonSerializer.Serialize(new { text, name, round, corpus = "brown" })).Append('\n');
            }
        }

        return Encoding.UTF8.GetBytes(builder.ToString());
    }

    /// <summary>Every Brown document as an HTML page with a head, navigation, a header, a sidebar and a footer around its paragraphs.</summary>
    public static List<(string Key, byte[] Bytes)> HtmlPages()
    {
        var pages = new List<(string, byte[])>();
        foreach (var file in BrownCorpus.Files())
        {
            var name = Path.GetFileName(file);
            var page = new StringBuilder();
            page.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Brown corpus ").Append(name).Append("</title>\n")
                .Append("<style>body{font-family:serif;max-width:40em} nav a{margin:0 1em}</style>\n")
                .Append("<script>window.analytics=window.analytics||[];analytics.push(['page','").Append(name).Append("']);</script></head>\n<body>\n")
                .Append("<header><h1 class=\"site\">The Corpus Library</h1></header>\n")
                .Append("<nav><ul><li><a href=\"/\">Home</a></li><li><a href=\"/news\">News</a></li><li><a href=\"/fiction\">Fiction</a></li><li><a href=\"/about\">About</a></li></ul></nav>\n")
                .Append("<main><article><h2>").Append(name).Append("</h2>\n");
            foreach (var paragraph in BrownCorpus.Paragraphs(file))
            {
                page.Append("  <p>").Append(WebUtility.HtmlEncode(paragraph)).Append("</p>\n");
            }

            page.Append("</article></main>\n<aside><h3>Related</h3><ul><li><a href=\"/a\">Another text</a></li><li><a href=\"/b\">More texts</a></li></ul></aside>\n")
                .Append("<footer><p>&copy; 1961 Brown University. All rights reserved.</p></footer>\n</body></html>\n");
            pages.Add(($"web/{name}.html", Encoding.UTF8.GetBytes(page.ToString())));
        }

        return pages;
    }
}
