using Sluice.Ingest.Formats;

namespace Sluice.Ingest.Tests;

public sealed class DelimitedRecordParserTests
{
    private static List<(List<string> Fields, string? Error)> Parse(string text, char delimiter = ',', bool quoting = true)
    {
        var parser = new DelimitedRecordParser(new StringReader(text), delimiter, quoting, 1000);
        var records = new List<(List<string>, string?)>();
        var fields = new List<string>();
        while (parser.TryReadRecord(fields, out var error))
        {
            records.Add((fields.ToList(), error));
        }

        return records;
    }

    [Fact]
    public void Rfc4180_quoted_fields_hold_delimiters_line_breaks_and_doubled_quotes()
    {
        var records = Parse("id,text\r\n1,\"He said, \"\"go\"\"\r\nnow\"\r\n2,plain\n");
        Assert.Equal(3, records.Count);
        Assert.Equal(["1", "He said, \"go\"\r\nnow"], records[1].Fields);
        Assert.Equal(["2", "plain"], records[2].Fields);
        Assert.All(records, r => Assert.Null(r.Error));
    }

    [Fact]
    public void Empty_fields_and_a_last_line_without_newline_are_read()
    {
        var records = Parse("a,,c\n,,");
        Assert.Equal(["a", "", "c"], records[0].Fields);
        Assert.Equal(["", "", ""], records[1].Fields);
    }

    [Fact]
    public void A_quote_inside_an_unquoted_field_is_an_error_and_parsing_goes_on_with_the_next_record()
    {
        var records = Parse("x,bad\"quote\ny,good\n");
        Assert.NotNull(records[0].Error);
        Assert.Null(records[1].Error);
        Assert.Equal(["y", "good"], records[1].Fields);
    }

    [Fact]
    public void Text_after_a_closing_quote_and_an_unclosed_quote_are_errors()
    {
        Assert.NotNull(Parse("\"a\"b,c\n")[0].Error);
        Assert.Contains("never closed", Parse("ok,\"open\nmore")[0].Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Tsv_treats_quotes_as_ordinary_characters()
    {
        var records = Parse("a\t\"b\"\tc\"d\n", '\t', quoting: false);
        Assert.Equal(["a", "\"b\"", "c\"d"], records[0].Fields);
        Assert.Null(records[0].Error);
    }
}
