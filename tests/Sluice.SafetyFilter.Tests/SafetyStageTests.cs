using System.Text.Json.Nodes;
using Sluice.Contracts;
using Sluice.Documents;
using Sluice.SafetyFilter;
using Sluice.Stages;
using Sluice.Testing;
using Xunit.Abstractions;

namespace Sluice.SafetyFilter.Tests;

public sealed class SafetyStageTests(ITestOutputHelper output)
{
    [Fact]
    public void The_Brown_corpus_mostly_passes_the_defaults_and_every_drop_is_counted_per_rule()
    {
        var stage = SharedModel.DefaultStage();
        var rejected = new List<RejectedDocument>();
        foreach (var (name, text) in SharedModel.Brown)
        {
            var outcome = stage.Process(new SafetyDocument(name, text));
            if (outcome.Rejected is { } record)
            {
                rejected.Add(record);
            }
        }

        var statistics = stage.Statistics;
        var passRate = (double)statistics.Kept / statistics.Total;
        output.WriteLine($"Brown corpus under defaults: {statistics.Kept}/{statistics.Total} kept ({passRate:P1}); dropped: " +
                         string.Join(", ", statistics.DroppedByReason.OrderByDescending(p => p.Value).Select(p => $"{p.Key}={p.Value}")));
        Assert.Equal(SharedModel.Brown.Count, statistics.Total);
        Assert.Equal(statistics.Dropped, rejected.Count);
        Assert.Equal(statistics.Dropped, statistics.DroppedByRule.Values.Sum());
        Assert.True(passRate >= 0.9, $"only {passRate:P1} of the Brown corpus passes the defaults");
        Assert.All(rejected, r => Assert.Matches("^[a-z0-9-]+$", SafetyFilterStage.ReasonFolder(r.Rule)));
    }

    [Fact]
    public void Tag_only_mode_keeps_everything_and_writes_every_signal()
    {
        var options = SharedModel.DefaultOptions();
        options.Stage.TagOnly = true;
        var stage = SafetyFilterBuilder.Build(options, SharedModel.LanguageIdentifier);
        var words = SharedModel.Brown[10].Text.Split(' ');
        var shortDoc = string.Join(' ', words.Take(20));
        var outcome = stage.Process(new SafetyDocument("short", shortDoc, "{\"source\":\"web\"}"));
        var kept = Assert.IsType<SafetyDocument>(outcome.Kept);
        Assert.Null(outcome.Rejected);
        var metadata = JsonNode.Parse(kept.MetadataJson)!.AsObject();
        Assert.Equal("web", metadata["source"]!.GetValue<string>());
        Assert.Equal("en", metadata["language"]!.GetValue<string>());
        Assert.Equal("gopher_short_doc", metadata["safety"]!["gopher_quality"]!["drop_reason"]!.GetValue<string>());
        Assert.Equal(20, metadata["safety"]!["gopher_quality"]!["drop_value"]!.GetValue<double>());
        Assert.Equal("too_few_sentences", metadata["safety"]!["c4_quality"]!["drop_reason"]!.GetValue<string>());
        Assert.NotNull(metadata["safety"]!["toxicity"]!["flagged_word_ratio"]);
        Assert.Equal(1, stage.Statistics.Kept);
        Assert.Equal(0, stage.Statistics.Dropped);
        Assert.Equal(1, stage.Statistics.FlaggedByRule["gopher_quality"]);
    }

    [Fact]
    public void Rejected_records_carry_the_rule_reason_and_measured_value()
    {
        var stage = SharedModel.DefaultStage();
        var paragraphs = SharedModel.Brown[20].Text.Split("\n\n");
        var repeated = string.Join("\n\n", Enumerable.Repeat(paragraphs[0], 4).Concat(paragraphs.Skip(1).Take(4)));
        var rejected = stage.Process(new SafetyDocument("rep", repeated)).Rejected;
        Assert.NotNull(rejected);
        Assert.Equal("gopher_repetition", rejected.Rule);
        Assert.Equal("dup_para_frac", rejected.Reason);
        Assert.Equal(3.0 / 8, rejected.MeasuredValue, 6);
        Assert.Equal(1, stage.Statistics.DroppedByReason["gopher_repetition/dup_para_frac"]);
    }

    [Fact]
    public void Switched_off_rules_do_not_run_and_bad_metadata_is_a_typed_error()
    {
        var options = SharedModel.DefaultOptions();
        options.GopherQuality.Enabled = false;
        options.C4.Enabled = false;
        options.FineWeb.Enabled = false;
        options.GopherRepetition.Enabled = false;
        var stage = SafetyFilterBuilder.Build(options, SharedModel.LanguageIdentifier);
        Assert.DoesNotContain(stage.Rules, r => r.Name is "gopher_quality" or "gopher_repetition" or "c4_quality" or "fineweb_quality");
        var words = SharedModel.Brown[10].Text.Split(' ');
        var outcome = stage.Process(new SafetyDocument("short", string.Join(' ', words.Take(20))));
        Assert.True(outcome.Kept is not null, $"dropped by {outcome.Rejected?.Rule}/{outcome.Rejected?.Reason}={outcome.Rejected?.MeasuredValue}");

        var error = Assert.Throws<InvalidDocumentException>(() => stage.Process(new SafetyDocument("doc-7", "text", "[1, 2]")));
        Assert.Contains("doc-7", error.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidDocumentException>(() => stage.Process(new SafetyDocument("doc-8", "text", "{not json")));
    }

    [Fact]
    public async Task A_shard_run_keeps_documents_in_order_and_sets_every_drop_aside_under_its_rule_with_the_measured_value()
    {
        using var lake = new FolderLake();
        var german = string.Join("\n\n", new FortuneTrainingCorpus().HeldOut().Where(s => s.Language == "de").Take(30).Select(s => s.Text));
        var documents = new[]
        {
            Document.Create(SharedModel.Brown[0].Text, "drop/a.txt", "file", "{}"),
            Document.Create(german, "drop/b.txt", "file", "{}"),
            Document.Create(SharedModel.Brown[1].Text, "drop/c.txt", "file", "{}"),
            Document.Create(string.Join(' ', TextStatistics.Words(SharedModel.Brown[2].Text).Take(45)), "drop/d.txt", "file", "{}"),
        };
        var input = await lake.WriteInputAsync(documents, "mixed");

        var run = await lake.RunAsync(SharedModel.ShardStage(), input, DocumentShardOutput.In(LakeKeys.CleanLayer));

        Assert.NotNull(run);
        Assert.Equal([documents[0].Id, documents[2].Id], (await lake.ReadDocumentsAsync(run.Output.Key)).Select(d => d.Id));
        Assert.StartsWith("docs/clean/", run.Output.Key, StringComparison.Ordinal);
        Assert.Equal(new Dictionary<string, long> { ["gopher-quality"] = 1, ["language"] = 1 }, run.RemovedByReason);
        var language = Assert.Single(await lake.ReadRejectedAsync(Assert.Single(run.RejectedShards, s => s.Key.StartsWith("rejected/safety-filter/language/", StringComparison.Ordinal)).Key));
        Assert.Equal(documents[1].Id, language.Id);
        Assert.Equal($"{input.Shard.Key}#row=1", language.Locator);
        var shortDocument = Assert.Single(await lake.ReadRejectedAsync(Assert.Single(run.RejectedShards, s => s.Key.StartsWith("rejected/safety-filter/gopher-quality/", StringComparison.Ordinal)).Key));
        Assert.Equal(documents[3].Id, shortDocument.Id);
        Assert.Contains("gopher_short_doc measured 45", shortDocument.Detail, StringComparison.Ordinal);
        Assert.Equal(45, JsonNode.Parse(shortDocument.Metadata)!["safety_drop"]!["value"]!.GetValue<double>());
    }

    [Fact]
    public async Task A_document_a_rule_fails_on_is_set_aside_as_a_rule_error_and_the_shard_goes_on()
    {
        using var lake = new FolderLake();
        var documents = new[]
        {
            Document.Create(SharedModel.Brown[0].Text, "drop/a.txt", "file", "{}"),
            Document.Create(SharedModel.Brown[1].Text, "drop/b.txt", "file", "[1, 2]"),
            Document.Create(SharedModel.Brown[3].Text, "drop/c.txt", "file", "{}"),
        };
        var input = await lake.WriteInputAsync(documents, "bad-metadata");

        var run = await lake.RunAsync(SharedModel.ShardStage(), input, DocumentShardOutput.In(LakeKeys.CleanLayer));

        Assert.NotNull(run);
        Assert.Equal(2, run.Kept);
        var error = Assert.Single(await lake.ReadRejectedAsync(Assert.Single(run.RejectedShards).Key));
        Assert.Equal(SafetyFilterStage.RuleErrorReason, error.Reason);
        Assert.Equal(documents[1].Id, error.Id);
        Assert.Contains(nameof(InvalidDocumentException), error.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rule_returning_a_default_verdict_is_reported_by_name()
    {
        var stage = new SafetyStage([new DefaultVerdictRule()]);
        var error = Assert.Throws<InvalidOperationException>(() => stage.Process(new SafetyDocument("x", "text")));
        Assert.Contains("'broken'", error.Message, StringComparison.Ordinal);
    }

    private sealed class DefaultVerdictRule : IDocumentRule
    {
        public string Name => "broken";

        public RuleVerdict Apply(RuleContext context) => default;
    }
}
