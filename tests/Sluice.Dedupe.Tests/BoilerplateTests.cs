using Sluice.Dedupe.Boilerplate;
using Sluice.Dedupe.Index;

namespace Sluice.Dedupe.Tests;

public sealed class BoilerplateTests
{
    private const string Licence = "This article is licensed under the Creative Commons Attribution-ShareAlike License; additional terms may apply.";

    internal static readonly DedupeDocument[] Documents =
    [
        new("a", $"The jury praised the city's election procedures.\n\n{Licence}\n\nThanks."),
        new("b", $"Mayor Hartsfield asked the legislature to act quickly on the new bill.\n\n{Licence}\n\nThanks."),
        new("c", $"{Licence.ToUpperInvariant()}\n\nThe senate passed a resolution urging speedy action on the measure."),
        new("d", Licence),
    ];

    internal static DedupeOptions Options() => new() { Boilerplate = { Enabled = true, Unit = BoilerplateUnit.Paragraph } };

    [Fact]
    public async Task Repeated_paragraphs_are_removed_from_every_document_after_the_first()
    {
        var options = Options();
        await using var index = new InProcessDedupeIndex(options);
        await AssertBoilerplateRemovedAsync(new DedupeStage(options, index));
    }

    [Fact]
    public async Task Boilerplate_removal_is_off_by_default()
    {
        var options = new DedupeOptions();
        await using var index = new InProcessDedupeIndex(options);
        var result = await new DedupeStage(options, index).ProcessAsync("s", Documents);
        Assert.Equal(Documents, result.Outcomes.Select(o => o.Document));
        Assert.Equal(0, result.Stats.BoilerplateSegmentsRemoved);
    }

    [Fact]
    public async Task Line_mode_removes_repeated_lines()
    {
        var options = new DedupeOptions { Boilerplate = { Enabled = true, Unit = BoilerplateUnit.Line, MinCharacters = 20 } };
        await using var index = new InProcessDedupeIndex(options);
        var header = "Home | News | Sports | Weather | Contact the newsroom";
        var result = await new DedupeStage(options, index).ProcessAsync("s",
        [
            new("x", $"{header}\nFirst story about the harbour bridge opening.\nOk"),
            new("y", $"{header}\nSecond story about the county fair and its prize cattle.\nOk"),
        ]);
        Assert.Equal($"{header}\nFirst story about the harbour bridge opening.\nOk", result.Outcomes[0].Document.Text);
        Assert.Equal("Second story about the county fair and its prize cattle.\nOk", result.Outcomes[1].Document.Text);
    }

    internal static async Task AssertBoilerplateRemovedAsync(DedupeStage stage)
    {
        var result = await stage.ProcessAsync("shard-1", Documents);
        Assert.Equal(Documents[0].Text, result.Outcomes[0].Document.Text);
        Assert.Equal("Mayor Hartsfield asked the legislature to act quickly on the new bill.\n\nThanks.", result.Outcomes[1].Document.Text);
        Assert.Equal("The senate passed a resolution urging speedy action on the measure.", result.Outcomes[2].Document.Text);
        Assert.Equal(new DedupeDecision("d", DedupeVerdict.Boilerplate, "a", 1.0), result.Outcomes[3].Decision);
        Assert.Equal(3, result.Stats.BoilerplateSegmentsRemoved);
        Assert.Equal(1, result.Stats.Boilerplate);
        Assert.Equal(3, result.Stats.Kept);

        var again = await stage.ProcessAsync("shard-1", Documents);
        Assert.Equal(result.Outcomes, again.Outcomes);
    }
}
