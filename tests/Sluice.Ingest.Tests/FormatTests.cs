using System.Text;
using System.Text.Json;
using Sluice.Documents;
using Sluice.Testing;

namespace Sluice.Ingest.Tests;

public sealed class FormatTests
{
    private static readonly string[] BrownTexts = BrownCorpus.Documents().Take(12).Select(d => d.Text).ToArray();

    private static JsonElement Metadata(Document document) => JsonDocument.Parse(document.Metadata).RootElement;

    [Fact]
    public void A_txt_file_is_one_document_with_its_source_and_format()
    {
        var (result, sink) = Ingesting.Run(BrownTexts[0], "drop/brown/ca01.txt");
        var document = Assert.Single(sink.Documents());
        Assert.Equal(BrownTexts[0].Trim(), document.Text);
        Assert.Equal("drop/brown/ca01.txt", document.Source);
        Assert.Equal("txt", Metadata(document).GetProperty("format").GetString());
        Assert.Equal(DocumentIdentity.ContentHash(document.Text), document.ContentHash);
        Assert.Equal(1, result.DocumentCount);
        Assert.False(result.ObjectRejected);
        Assert.Empty(result.RejectedByReason);
    }

    [Fact]
    public void A_markdown_file_keeps_its_markup_as_text()
    {
        var markdown = "# Title\n\n" + BrownTexts[1] + "\n\n* item one\n* item two\n";
        var (_, sink) = Ingesting.Run(markdown, "notes/readme.md");
        var document = Assert.Single(sink.Documents());
        Assert.StartsWith("# Title\n\n", document.Text, StringComparison.Ordinal);
        Assert.EndsWith("* item one\n* item two", document.Text, StringComparison.Ordinal);
        Assert.Equal("md", Metadata(document).GetProperty("format").GetString());
    }

    [Fact]
    public void Html_keeps_the_article_and_drops_scripts_styles_and_navigation_boilerplate()
    {
        var paragraphs = BrownCorpus.Paragraphs(BrownCorpus.Files()[1]).Take(3).ToArray();
        var html = $$"""
            <!DOCTYPE html><html lang="en"><head><title>Brown ca02</title><style>body { color: red }</style>
            <script>var tracking = "SCRIPT-TEXT";</script></head>
            <body><header><a href="/">HEADER-TEXT Home</a></header>
            <nav><ul><li>NAV-TEXT One</li><li>Two</li></ul></nav>
            <div role="navigation">ROLE-NAV-TEXT</div>
            <main><article><h1>The story</h1>
            <p>{{paragraphs[0]}}</p><p>{{paragraphs[1]}}</p>
            <p>{{paragraphs[2]}}<br>after a break</p>
            <pre>  indented
              code</pre></article></main>
            <aside>ASIDE-TEXT related links</aside><footer>FOOTER-TEXT (c) 1961</footer>
            <noscript>NOSCRIPT-TEXT</noscript></body></html>
            """;
        var (_, sink) = Ingesting.Run(html, "web/page.html");
        var document = Assert.Single(sink.Documents());
        foreach (var boilerplate in new[] { "SCRIPT-TEXT", "HEADER-TEXT", "NAV-TEXT", "ROLE-NAV-TEXT", "ASIDE-TEXT", "FOOTER-TEXT", "NOSCRIPT-TEXT", "color: red" })
        {
            Assert.DoesNotContain(boilerplate, document.Text, StringComparison.Ordinal);
        }

        Assert.StartsWith("The story\n\n" + paragraphs[0] + "\n\n" + paragraphs[1], document.Text, StringComparison.Ordinal);
        Assert.Contains(paragraphs[2] + "\nafter a break", document.Text, StringComparison.Ordinal);
        Assert.Contains("  indented\n  code", document.Text, StringComparison.Ordinal);
        var metadata = Metadata(document);
        Assert.Equal("Brown ca02", metadata.GetProperty("title").GetString());
        Assert.Equal("en", metadata.GetProperty("lang").GetString());
        Assert.Equal("html", metadata.GetProperty("format").GetString());
    }

    [Fact]
    public void Jsonl_lines_become_documents_with_the_other_fields_as_metadata_and_bad_lines_are_quarantined()
    {
        var builder = new StringBuilder();
        for (var i = 0; i < 10; i++)
        {
            builder.Append(JsonSerializer.Serialize(new { id = i, text = BrownTexts[i], tags = new[] { "brown", $"n{i}" } })).Append('\n');
        }

        builder.Append("{\"text\": \"unterminated\n");
        builder.Append("{\"body\": \"no text field\"}\n");
        builder.Append("\n");
        builder.Append("{\"text\": 42}\r\n");
        builder.Append(JsonSerializer.Serialize(new { text = "last good line" }));
        var (result, sink) = Ingesting.Run(builder.ToString(), "drop/data.jsonl");

        var documents = sink.Documents();
        Assert.Equal(11, documents.Count);
        Assert.Equal(BrownTexts.Take(10).Select(t => t.Trim()).Append("last good line"), documents.Select(d => d.Text));
        var first = Metadata(documents[0]);
        Assert.Equal(1, first.GetProperty("line").GetInt64());
        Assert.Equal(0, first.GetProperty("fields").GetProperty("id").GetInt32());
        Assert.Equal("n0", first.GetProperty("fields").GetProperty("tags")[1].GetString());
        Assert.False(first.GetProperty("fields").TryGetProperty("text", out _));
        Assert.Equal(15, Metadata(documents[10]).GetProperty("line").GetInt64());

        var rejected = sink.Rejected().OrderBy(r => r.Locator, StringComparer.Ordinal).ToList();
        Assert.Equal(3, rejected.Count);
        var invalid = Assert.Single(rejected, r => r.Reason == RejectionReasons.InvalidJson);
        Assert.Equal("line:11", invalid.Locator);
        Assert.Contains("line 11", invalid.Detail, StringComparison.Ordinal);
        Assert.Equal("{\"text\": \"unterminated", invalid.Text);
        Assert.Equal(2, rejected.Count(r => r.Reason == RejectionReasons.MissingText));
        Assert.Equal(1, result.RejectedByReason[RejectionReasons.InvalidJson]);
        Assert.Equal(2, result.RejectedByReason[RejectionReasons.MissingText]);
        Assert.All(sink.Shards.Where(s => s.Kind == ShardKind.Rejected), s => Assert.StartsWith($"rejected/ingest/{s.Reason}/", s.Key, StringComparison.Ordinal));
    }

    [Fact]
    public void The_text_field_is_configurable()
    {
        var line = JsonSerializer.Serialize(new { content = BrownTexts[2], text = "not this" });
        var (_, sink) = Ingesting.Run(line, "a.ndjson", new IngestOptions { TextField = "content" });
        var document = Assert.Single(sink.Documents());
        Assert.Equal(BrownTexts[2].Trim(), document.Text);
        Assert.Equal("not this", Metadata(document).GetProperty("fields").GetProperty("text").GetString());
    }

    [Fact]
    public void A_json_array_gives_one_document_per_object_and_a_json_object_one_document()
    {
        var array = JsonSerializer.Serialize(BrownTexts.Take(4).Select((t, i) => new { text = t, n = i }).Cast<object>().Append(new { other = 1 }));
        var (result, sink) = Ingesting.Run(array, "set.json");
        Assert.Equal(4, sink.Documents().Count);
        Assert.Equal(3, Metadata(sink.Documents()[3]).GetProperty("record").GetInt64());
        Assert.Equal("record:4", Assert.Single(sink.Rejected()).Locator);
        Assert.Equal(1, result.RejectedByReason[RejectionReasons.MissingText]);

        var (_, single) = Ingesting.Run(JsonSerializer.Serialize(new { text = BrownTexts[5], author = "x" }), "one.json");
        Assert.Equal("x", Metadata(Assert.Single(single.Documents())).GetProperty("fields").GetProperty("author").GetString());
    }

    [Fact]
    public void Invalid_json_file_is_quarantined_whole()
    {
        var (result, sink) = Ingesting.Run("[{\"text\": \"a\"}, {", "broken.json");
        Assert.Empty(sink.Documents());
        Assert.Equal(RejectionReasons.InvalidJson, Assert.Single(sink.Rejected()).Reason);
        Assert.True(result.ObjectRejected);
    }

    [Fact]
    public void Csv_rows_become_documents_with_rfc4180_quoting_and_bad_rows_are_quarantined()
    {
        var fortunes = Fortunes.Read("en").Where(f => f.Contains('"') || f.Contains(',') || f.Contains('\n')).Take(20).ToList();
        var builder = new StringBuilder("id,text,lang\r\n");
        for (var i = 0; i < fortunes.Count; i++)
        {
            builder.Append(i).Append(",\"").Append(fortunes[i].Replace("\"", "\"\"", StringComparison.Ordinal)).Append("\",en\r\n");
        }

        builder.Append("99,too,many,fields\r\n");
        builder.Append("100,\"closed\"junk,en\r\n");
        builder.Append("101,short\r\n");
        builder.Append("102,after the bad rows,en\r\n");
        var (result, sink) = Ingesting.Run(builder.ToString(), "fortunes.csv");
        var documents = sink.Documents();
        Assert.Equal(fortunes.Count + 1, documents.Count);
        for (var i = 0; i < fortunes.Count; i++)
        {
            Assert.Equal(new IngestingStandard().Apply(fortunes[i]), documents[i].Text);
            var fields = Metadata(documents[i]).GetProperty("fields");
            Assert.Equal(i.ToString(System.Globalization.CultureInfo.InvariantCulture), fields.GetProperty("id").GetString());
            Assert.Equal("en", fields.GetProperty("lang").GetString());
        }

        Assert.Equal("after the bad rows", documents[^1].Text);
        Assert.Equal(3, result.RejectedByReason[RejectionReasons.InvalidCsv]);
        Assert.All(sink.Rejected(), r => Assert.StartsWith("row:", r.Locator, StringComparison.Ordinal));
    }

    [Fact]
    public void Csv_without_the_text_column_is_quarantined_naming_the_header()
    {
        var (_, sink) = Ingesting.Run("id,body\n1,hello\n", "x.csv");
        var rejected = Assert.Single(sink.Rejected());
        Assert.Equal(RejectionReasons.MissingText, rejected.Reason);
        Assert.Contains("id, body", rejected.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Tsv_rows_use_the_configured_column()
    {
        var fortunes = Fortunes.Read("de").Select(f => f.Replace('\t', ' ').Replace('\n', ' ')).Take(30).ToList();
        var tsv = "n\tbody\n" + string.Concat(fortunes.Select((f, i) => $"{i}\t{f}\n"));
        var (_, sink) = Ingesting.Run(tsv, "de.tsv", new IngestOptions { TextColumn = "body" });
        Assert.Equal(fortunes.Select(f => new IngestingStandard().Apply(f)), sink.Documents().Select(d => d.Text));
    }

    [Fact]
    public void Utf16_files_with_a_byte_order_mark_are_decoded()
    {
        var fortune = Fortunes.Read("ru")[3];
        foreach (var encoding in new Encoding[] { new UnicodeEncoding(false, true), new UnicodeEncoding(true, true) })
        {
            var bytes = encoding.GetPreamble().Concat(encoding.GetBytes(fortune)).ToArray();
            var (result, sink) = Ingesting.Run(bytes, "ru.txt");
            Assert.Equal(new IngestingStandard().Apply(fortune), Assert.Single(sink.Documents()).Text);
            Assert.Equal(1, result.Standardization.Utf16Documents);
        }
    }

    [Fact]
    public void A_utf8_bom_is_dropped_and_a_few_undecodable_bytes_are_replaced_and_counted()
    {
        var text = Encoding.UTF8.GetBytes(BrownTexts[3]);
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(text.Take(500)).Append((byte)0xC3).Append((byte)0x28).Concat(text.Skip(500)).ToArray();
        var (result, sink) = Ingesting.Run(bytes, "bom.txt");
        var document = Assert.Single(sink.Documents());
        Assert.False(document.Text.StartsWith('\uFEFF'));
        Assert.Contains('\uFFFD', document.Text);
        Assert.Equal(1, result.Standardization.UndecodableBytes);
        Assert.Equal(1, Metadata(document).GetProperty("undecodable_bytes").GetInt64());
    }

    [Fact]
    public void Binary_empty_and_unsupported_objects_are_quarantined_with_their_reason()
    {
        var png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");
        Assert.Equal(RejectionReasons.BinaryFile, Assert.Single(Ingesting.Run(png, "picture.txt").Sink.Rejected()).Reason);
        Assert.Equal(RejectionReasons.EmptyFile, Assert.Single(Ingesting.Run([], "empty.txt").Sink.Rejected()).Reason);
        Assert.Equal(RejectionReasons.EmptyDocument, Assert.Single(Ingesting.Run(" \n\t\r\n ", "blank.txt").Sink.Rejected()).Reason);
        var unsupported = Ingesting.Run("hello", "report.docx");
        Assert.Equal(RejectionReasons.UnsupportedFormat, Assert.Single(unsupported.Sink.Rejected()).Reason);
        Assert.True(unsupported.Result.ObjectRejected);
    }

    [Fact]
    public void Latin1_text_is_quarantined_past_the_undecodable_threshold_and_kept_with_counted_replacements_below_it()
    {
        var latin1 = Encoding.Latin1.GetBytes(string.Join("\n", Fortunes.Read("es").Take(50)));
        var strict = Ingesting.Run(latin1, "es.txt", new IngestOptions { MaxUndecodableFraction = 0.001 });
        var rejected = Assert.Single(strict.Sink.Rejected());
        Assert.Equal(RejectionReasons.UndecodableText, rejected.Reason);
        Assert.Contains("not valid UTF-8", rejected.Detail, StringComparison.Ordinal);

        var lenient = Ingesting.Run(latin1, "es.txt", new IngestOptions { MaxUndecodableFraction = 0.5 });
        var document = Assert.Single(lenient.Sink.Documents());
        Assert.True(lenient.Result.Standardization.UndecodableBytes > 10);
        Assert.Equal(document.Text.Count(c => c == '\uFFFD'), lenient.Result.Standardization.UndecodableBytes);
    }

    [Fact]
    public void The_rejected_record_of_a_whole_object_carries_its_hash_size_and_detail()
    {
        var bytes = new byte[] { 1, 2, 0, 4, 5 };
        var (result, sink) = Ingesting.Run(bytes, "blob.md");
        var rejected = Assert.Single(sink.Rejected());
        Assert.Equal("ingest", rejected.Stage);
        Assert.Equal("blob.md", rejected.Source);
        Assert.Equal(result.Source.SourceHash, rejected.ContentHash);
        Assert.Equal(5, rejected.ByteCount);
        Assert.Null(rejected.Text);
        Assert.Contains("NUL byte at offset 2", rejected.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_record_over_the_size_limit_is_quarantined_and_the_next_records_are_read()
    {
        var paragraphs = BrownCorpus.Paragraphs().Where(p => p.Length > 300).Take(3).ToList();
        var jsonl = string.Join("\n", new[] { paragraphs[0][..100], paragraphs[1], paragraphs[2][..100] }.Select(t => JsonSerializer.Serialize(new { text = t })));
        var (result, sink) = Ingesting.Run(jsonl, "long.jsonl", new IngestOptions { MaxRecordBytes = 250 });
        Assert.Equal(2, sink.Documents().Count);
        var rejected = Assert.Single(sink.Rejected());
        Assert.Equal(RejectionReasons.RecordTooLarge, rejected.Reason);
        Assert.Equal("line:2", rejected.Locator);
        Assert.Equal(1, result.RejectedByReason[RejectionReasons.RecordTooLarge]);

        var text = Ingesting.Run(paragraphs[1], "long.txt", new IngestOptions { MaxRecordBytes = 250 });
        Assert.Equal(RejectionReasons.RecordTooLarge, Assert.Single(text.Sink.Rejected()).Reason);
    }
}
