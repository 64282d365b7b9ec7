using System.Text;
using Sluice.Evaluation.EvaluationSets;

namespace Sluice.Evaluation.Tests;

public class EvalSetTests
{
    [Theory]
    [InlineData("evalsets/capitals.qa.jsonl", "capitals", EvalSetKind.QuestionAnswering)]
    [InlineData("stories-2.reference.jsonl", "stories-2", EvalSetKind.Reference)]
    [InlineData("evalsets/science-quiz.choice.jsonl", "science-quiz", EvalSetKind.MultipleChoice)]
    [InlineData("evalsets/pairs.bias.jsonl", "pairs", EvalSetKind.BiasPairs)]
    public void The_kind_comes_from_the_file_name(string key, string name, EvalSetKind kind)
    {
        Assert.True(EvalSetKey.TryParse(key, out var parsed, out _));
        Assert.Equal((name, kind), (parsed.Name, parsed.Kind));
        Assert.StartsWith(EvalSetKey.Prefix, parsed.Key, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("evalsets/capitals.quiz.jsonl", "unknown evaluation set kind 'quiz'")]
    [InlineData("evalsets/Capitals.qa.jsonl", "not an evaluation set name")]
    [InlineData("evalsets/capitals.jsonl", "not an evaluation set name")]
    [InlineData("evalsets/science_quiz.qa.jsonl", "not an evaluation set name")]
    [InlineData("evalsets/team/capitals.qa.jsonl", "sub-folders")]
    public void Other_names_are_refused_with_the_reason(string key, string reason)
    {
        Assert.False(EvalSetKey.TryParse(key, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_example_set_loads_without_problems()
    {
        var sets = ExampleSets.LoadAll();
        Assert.Equal(
            [EvalSetKind.BiasPairs, EvalSetKind.MultipleChoice, EvalSetKind.QuestionAnswering, EvalSetKind.Reference],
            sets.Select(s => s.Key.Kind));
        Assert.All(sets, s =>
        {
            Assert.True(s.IsUsable, string.Join("\n", s.Problems));
            Assert.True(s.Items.Count >= 4);
        });
        var qa = sets.Single(s => s.Key.Kind == EvalSetKind.QuestionAnswering).ItemsOf<QuestionAnsweringItem>();
        Assert.Contains(qa, q => q.Context is not null);
        Assert.Contains(qa, q => q.Context is null);
        var choice = sets.Single(s => s.Key.Kind == EvalSetKind.MultipleChoice).ItemsOf<MultipleChoiceItem>();
        Assert.All(choice, c => Assert.InRange(c.Gold, 0, c.Choices.Count - 1));
    }

    [Fact]
    public void Bad_lines_are_reported_by_line_and_field_and_the_good_ones_kept()
    {
        var content = string.Join('\n',
            """{"id": "ok", "query": "Q?", "choices": ["a", "b"], "gold": 1}""",
            """{"id": "broken", "query": "Q?", "choices": ["a", "b"], "gold": 1""",
            """{"query": "Q?", "choices": ["a", "b"], "gold": 2}""",
            """{"query": "Q?", "choices": [], "gold": 0}""",
            """{"query": 5, "choices": ["a", "b"], "gold": "1"}""",
            "",
            """{"choices": ["a", "b"], "gold": 0, "answer": 0}""",
            """["not", "an", "object"]""",
            """{"id": "ok", "query": "Again?", "choices": ["a", "b"], "gold": 0}""",
            """{"query": "Q?", "choices": ["a", ""], "gold": 1.5}""",
            """{"id": "fine", "query": "Q?", "choices": ["x", "y", "z"], "gold": 2}""");
        var set = EvalSetLoader.Load(EvalSetKey.For("quiz", EvalSetKind.MultipleChoice), Encoding.UTF8.GetBytes(content));

        Assert.False(set.IsUsable);
        Assert.Equal(["ok", "fine"], set.Items.Select(i => i.Id));
        Assert.Equal([1, 11], set.Items.Select(i => i.Line));
        var problems = set.Problems.Select(p => (p.Line, p.Field)).ToList();
        Assert.Equal(
        [
            (2, null), (3, "gold"), (4, "choices"), (5, "query"), (5, "gold"), (7, "answer"), (7, "query"), (8, null), (9, "id"),
            (10, "choices[1]"), (10, "gold"),
        ], problems);
        Assert.All(set.Problems, p => Assert.Equal("evalsets/quiz.choice.jsonl", p.File));
        Assert.Equal("evalsets/quiz.choice.jsonl:3: gold: 2 is out of range: there are 2 choices, so it is 0 to 1.", set.Problems[1].ToString());
        Assert.Contains("not valid JSON", set.Problems[0].Message, StringComparison.Ordinal);
        Assert.Contains("already the id of line 1", set.Problems[8].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_kind_checks_its_own_fields()
    {
        var reference = Load(EvalSetKind.Reference, """{"prompt": "Once", "references": "upon a time"}""");
        Assert.Equal("references", Assert.Single(reference.Problems).Field);

        var qa = Load(EvalSetKind.QuestionAnswering, """{"question": "Who?", "context": null, "answers": ["me"]}""");
        Assert.True(qa.IsUsable);
        Assert.Null(qa.ItemsOf<QuestionAnsweringItem>().Single().Context);

        var bias = Load(EvalSetKind.BiasPairs, """{"stereotyped": "Same.", "anti_stereotyped": "Same."}""");
        Assert.Equal("anti_stereotyped", Assert.Single(bias.Problems).Field);

        var duplicateField = Load(EvalSetKind.QuestionAnswering, """{"question": "A?", "question": "B?", "answers": ["x"]}""");
        Assert.Null(Assert.Single(duplicateField.Problems).Field);
    }

    [Fact]
    public void Empty_sets_oversized_lines_and_too_many_items_are_problems()
    {
        var empty = Load(EvalSetKind.QuestionAnswering, "\n\n");
        Assert.False(empty.IsUsable);
        Assert.Equal("the set has no items.", Assert.Single(empty.Problems).Message);

        var limits = new EvalSetLimits { MaxItems = 2, MaxLineBytes = 60 };
        var line = """{"question": "Q?", "answers": ["a"]}""";
        var longLine = """{"question": "A much longer question than the limit allows?", "answers": ["a"]}""";
        var set = EvalSetLoader.Load(EvalSetKey.For("big", EvalSetKind.QuestionAnswering),
            Encoding.UTF8.GetBytes(string.Join("\r\n", line, longLine, line, line, line)), limits);
        Assert.Equal(2, set.Items.Count);
        Assert.Equal([2, 4], set.Problems.Select(p => p.Line!.Value));

        var small = new EvalSetLimits { MaxFileBytes = 10 };
        var tooLarge = EvalSetLoader.Load(EvalSetKey.For("big", EvalSetKind.QuestionAnswering), new MemoryStream(Encoding.UTF8.GetBytes(line)), small);
        Assert.Empty(tooLarge.Items);
        Assert.Null(Assert.Single(tooLarge.Problems).Line);
        Assert.Contains("larger than 10 bytes", tooLarge.Problems[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_byte_order_mark_and_invalid_utf8_are_handled()
    {
        var bom = "\uFEFF"u8.ToArray().Concat("""{"question": "Q?", "answers": ["a"]}"""u8.ToArray()).ToArray();
        Assert.True(EvalSetLoader.Load(EvalSetKey.For("bom", EvalSetKind.QuestionAnswering), bom).IsUsable);

        byte[] invalid = [.. """{"question": "Q"""u8, 0xFF, .. """?", "answers": ["a"]}"""u8];
        var set = EvalSetLoader.Load(EvalSetKey.For("bad", EvalSetKind.QuestionAnswering), new MemoryStream(invalid));
        Assert.Equal(1, Assert.Single(set.Problems).Line);
    }

    private static EvalSet Load(EvalSetKind kind, string content) =>
        EvalSetLoader.Load(EvalSetKey.For("t", kind), Encoding.UTF8.GetBytes(content));
}
