using System.Text;
using System.Text.Json;
using Sluice.Documents;
using Sluice.Ingest.Profiles;
using Sluice.Testing;

namespace Sluice.Ingest.Tests;

/// <summary>Source profiles at ingest: which profile a document gets and why, and how a book is cut into documents.</summary>
public sealed class ProfileTests
{
    // The Brown Corpus's fiction (categories K to R), one corpus file per chapter.
    private static readonly IReadOnlyList<string> Fiction = BrownCorpus.Documents().Where(d => d.Name[1] is >= 'k' and <= 'r').Select(d => d.Text).Take(12).ToList();

    private static JsonElement Metadata(Document document) => JsonDocument.Parse(document.Metadata).RootElement;

    private static string Words(string text) => string.Join(' ', text.Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries));

    private static string Book(bool chapters) =>
        "THE LONG ROAD\n\nA novel in twelve chapters.\n\n"
        + string.Concat(Fiction.Select((text, i) => (chapters ? $"CHAPTER {ToRoman(i + 1)}\n\n" : string.Empty) + text + "\n\n"));

    [Fact]
    public void A_book_length_text_file_is_a_book_cut_at_its_chapters()
    {
        var book = Book(chapters: true);
        Assert.True(book.Length >= 100_000, $"the test book has only {book.Length} characters");
        var (result, sink) = Ingesting.Run(book, "library/long-road.txt");
        var documents = sink.Documents().ToList();

        // The front matter, then one document per chapter (each well under the 60,000-character cut).
        Assert.Equal(Fiction.Count + 1, documents.Count);
        Assert.Equal(documents.Count, result.DocumentCount);
        Assert.StartsWith("THE LONG ROAD", documents[0].Text, StringComparison.Ordinal);
        for (var i = 1; i < documents.Count; i++)
        {
            Assert.StartsWith($"CHAPTER {ToRoman(i)}\n\n", documents[i].Text, StringComparison.Ordinal);
        }

        foreach (var (document, index) in documents.Select((d, i) => (d, i)))
        {
            var metadata = Metadata(document);
            Assert.Equal("book", metadata.GetProperty("profile").GetString());
            Assert.Equal("length", metadata.GetProperty("profile_by").GetString());
            Assert.Equal(index + 1, metadata.GetProperty("part").GetInt32());
            Assert.Equal(documents.Count, metadata.GetProperty("parts").GetInt32());
            Assert.Equal(DocumentIdentity.Id(document.Source, $"part:{index + 1}", document.Text), document.Id);
        }

        // Nothing is lost or repeated at the cuts.
        Assert.Equal(Words(book), Words(string.Join("\n\n", documents.Select(d => d.Text))));
        Assert.Equal("book", Assert.Single(result.DocumentsByProfile).Key);
    }

    [Fact]
    public void A_long_book_without_chapter_headings_is_cut_into_blocks_of_whole_paragraphs()
    {
        var book = Book(chapters: false);
        var options = new IngestOptions();
        options.Profiles.Book.MaxDocumentChars = 20_000;
        var (_, sink) = Ingesting.Run(book, "books/untitled.txt", options);
        var documents = sink.Documents().ToList();
        var paragraphs = book.Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Select(p => p.Trim()).ToHashSet(StringComparer.Ordinal);

        Assert.True(documents.Count >= book.Length / 20_000, $"{documents.Count} documents");
        Assert.All(documents, d => Assert.InRange(d.Text.Length, 1, 20_000));
        // Every block starts and ends on a paragraph boundary (no paragraph of this corpus is longer than a block).
        Assert.All(documents, d =>
        {
            Assert.Contains(d.Text.Split("\n\n")[0], paragraphs);
            Assert.Contains(d.Text.Split("\n\n")[^1], paragraphs);
        });
        Assert.All(documents, d => Assert.Equal("prefix:books/", Metadata(d).GetProperty("profile_by").GetString()));
        Assert.Equal(Words(book), Words(string.Join("\n\n", documents.Select(d => d.Text))));
    }

    [Fact]
    public void A_short_text_under_a_book_prefix_is_a_book_left_whole_and_other_short_text_is_web()
    {
        var (_, books) = Ingesting.Run(Fiction[0], "books/story.txt");
        var story = Assert.Single(books.Documents());
        Assert.Equal("book", Metadata(story).GetProperty("profile").GetString());
        Assert.False(Metadata(story).TryGetProperty("part", out _));

        var (_, web) = Ingesting.Run(Fiction[0], "news/story.txt");
        var page = Assert.Single(web.Documents());
        Assert.Equal("web", Metadata(page).GetProperty("profile").GetString());
        Assert.Equal("default", Metadata(page).GetProperty("profile_by").GetString());
    }

    [Fact]
    public void A_source_code_file_is_code_with_its_indentation_and_blank_lines_kept()
    {
        var python = "import sys\n\n\ndef main(argv):\n    for arg in argv:\n        if arg:\n            if len(arg) > 3:\n                print(arg)  # deep\n\n\nif __name__ == \"__main__\":\n    main(sys.argv)\n";
        var (result, sink) = Ingesting.Run(python, "repo/tool.py");
        var document = Assert.Single(sink.Documents());
        Assert.Equal(python.TrimEnd('\n'), document.Text);
        Assert.Equal("code", Metadata(document).GetProperty("format").GetString());
        Assert.Equal("code", Metadata(document).GetProperty("profile").GetString());
        Assert.Equal("format", Metadata(document).GetProperty("profile_by").GetString());
        Assert.Equal(1, result.DocumentsByProfile["code"]);

        // The same lines as a web page's text lose the deep indentation and the second blank line.
        var (_, web) = Ingesting.Run(python, "repo/tool.txt");
        Assert.DoesNotContain("                print", Assert.Single(web.Documents()).Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_chat_jsonl_record_becomes_a_conversation_of_its_turns()
    {
        var lines = new[]
        {
            JsonSerializer.Serialize(new { id = "c1", messages = new[] { new { role = "user", content = "Where is the station?" }, new { role = "assistant", content = "Two streets north, past the bakery." } } }),
            JsonSerializer.Serialize(new { conversations = new[] { new { from = "human", value = "Hello there." }, new { from = "gpt", value = "Hi! How can I help?" } } }),
            JsonSerializer.Serialize(new { text = "A chapter of something long.", profile = "book" }),
            JsonSerializer.Serialize(new { text = "Just a line of web text.", profile = "poetry" }),
        };
        var (result, sink) = Ingesting.Run(string.Join('\n', lines), "exports/chats.jsonl");
        var documents = sink.Documents().ToList();
        Assert.Equal(4, documents.Count);
        Assert.Empty(result.RejectedByReason);

        Assert.Equal("user: Where is the station?\n\nassistant: Two streets north, past the bakery.", documents[0].Text);
        Assert.Equal("conversation", Metadata(documents[0]).GetProperty("profile").GetString());
        Assert.Equal("format", Metadata(documents[0]).GetProperty("profile_by").GetString());
        Assert.False(Metadata(documents[0]).GetProperty("fields").TryGetProperty("messages", out _));
        Assert.Equal("c1", Metadata(documents[0]).GetProperty("fields").GetProperty("id").GetString());
        Assert.Equal("human: Hello there.\n\ngpt: Hi! How can I help?", documents[1].Text);
        Assert.Equal("conversation", Metadata(documents[1]).GetProperty("profile").GetString());

        // A record naming a known profile gets it; an unknown name is only a field.
        Assert.Equal("book", Metadata(documents[2]).GetProperty("profile").GetString());
        Assert.Equal("record", Metadata(documents[2]).GetProperty("profile_by").GetString());
        Assert.Equal("web", Metadata(documents[3]).GetProperty("profile").GetString());
        Assert.Equal("poetry", Metadata(documents[3]).GetProperty("fields").GetProperty("profile").GetString());
    }

    [Fact]
    public void A_record_without_text_or_turns_is_still_quarantined_as_missing_text()
    {
        var (result, sink) = Ingesting.Run("{\"messages\": [{\"role\": \"user\"}]}\n{\"title\": \"no text\"}\n", "chat/empty.jsonl");
        Assert.Empty(sink.Documents());
        Assert.Equal(2, result.RejectedByReason[RejectionReasons.MissingText]);
    }

    [Fact]
    public void The_prefix_chooses_before_the_file_kind_and_profiles_can_be_switched_off()
    {
        var (_, chat) = Ingesting.Run("{\"text\": \"user: hi\\nbot: hello\"}", "chat/log.jsonl");
        Assert.Equal("conversation", Metadata(Assert.Single(chat.Documents())).GetProperty("profile").GetString());
        var (_, web) = Ingesting.Run("print('a page about code')", "web/snippet.py");
        Assert.Equal("web", Metadata(Assert.Single(web.Documents())).GetProperty("profile").GetString());

        var off = new IngestOptions();
        off.Profiles.Enabled = false;
        var (_, whole) = Ingesting.Run(Book(chapters: true), "books/long-road.txt", off);
        var document = Assert.Single(whole.Documents());
        Assert.Equal("web", Metadata(document).GetProperty("profile").GetString());
        Assert.NotEqual(new IngestOptions().ConfigHash(), off.ConfigHash());
    }

    [Fact]
    public void Profile_settings_that_cannot_work_are_refused_by_name()
    {
        var options = new IngestOptions();
        options.Profiles.Code.Prefixes = "books/";
        options.Profiles.Web.MinChars = 10;
        options.Profiles.Conversation.MaxDocumentChars = 10;
        var error = Assert.Throws<ArgumentException>(() => new IngestStage(options));
        Assert.Contains("'books/' chooses more than one profile", error.Message, StringComparison.Ordinal);
        Assert.Contains("Only one profile may set MinChars", error.Message, StringComparison.Ordinal);
        Assert.Contains("Profiles:conversation:MaxDocumentChars", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_splitter_cuts_an_endless_line_at_spaces_within_the_limit()
    {
        var line = string.Join(' ', Enumerable.Repeat("word", 3_000));
        var parts = TextSplitter.Split(line, TextSplit.Paragraphs, 1_000);
        Assert.All(parts.SkipLast(1), p => Assert.InRange(p.Length, 500, 1_000));
        Assert.InRange(parts[^1].Length, 1, 1_000);
        Assert.Equal(Words(line), Words(string.Join(' ', parts)));
        Assert.Equal(["short"], TextSplitter.Split("short", TextSplit.Chapters, 1_000));
    }

    private static string ToRoman(int number)
    {
        var numerals = new[] { (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I") };
        var builder = new StringBuilder();
        foreach (var (value, numeral) in numerals)
        {
            while (number >= value)
            {
                builder.Append(numeral);
                number -= value;
            }
        }

        return builder.ToString();
    }
}
