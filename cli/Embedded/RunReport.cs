using Spectre.Console;

namespace Sluice.Cli.Embedded;

/// <summary>The summary printed at the end of <c>sluice run</c>: per-stage counts, quarantine by reason, failures, where the output is.</summary>
internal sealed class RunReport(RunMonitor monitor, string lakeFolder, IReadOnlyList<Sluice.Storage.UnaddressableObject> unreadable)
{
    public void Write(IAnsiConsole console, bool interrupted = false)
    {
        var sources = monitor.Sources.Values.ToList();
        var fresh = sources.Where(s => !s.AlreadyIngested).ToList();
        // One unit per column in every row: shards written, documents, UTF-8 bytes of their text.
        var table = new Table().AddColumns("stage", "input", "shards", "documents", "text bytes", "quarantined / removed");
        var quarantined = fresh.SelectMany(s => s.RemovedByReason).GroupBy(p => p.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Sum(p => p.Value), StringComparer.Ordinal);
        if (unreadable.Count > 0)
        {
            quarantined[Sluice.Ingest.RejectionReasons.InvalidKey] = quarantined.GetValueOrDefault(Sluice.Ingest.RejectionReasons.InvalidKey) + unreadable.Count;
        }

        var ingest = monitor.Stages.GetValueOrDefault("ingest");
        table.AddRow(
            "ingest",
            $"{sources.Count + monitor.Failures.Count + unreadable.Count} file(s), {sources.Count(s => s.AlreadyIngested)} already ingested",
            (ingest?.Shards ?? 0).ToString("N0", System.Globalization.CultureInfo.InvariantCulture),
            fresh.Sum(s => s.DocumentCount).ToString("N0", System.Globalization.CultureInfo.InvariantCulture),
            (ingest?.Bytes ?? 0).ToString("N0", System.Globalization.CultureInfo.InvariantCulture),
            quarantined.Values.Sum().ToString("N0", System.Globalization.CultureInfo.InvariantCulture));
        foreach (var (stage, tally) in monitor.Stages.Where(p => p.Key != "ingest").OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            // Tokenize's shards are the token files it wrote (a cleaned shard with nothing left writes none), and its
            // input column says how many tokens they hold.
            var tokenize = stage == "tokenize";
            table.AddRow(
                stage,
                tokenize ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{monitor.TrainTokens + monitor.ValidationTokens:N0} tokens ({monitor.ValidationTokens:N0} validation)") : string.Empty,
                (tokenize ? monitor.TokenFiles : tally.Shards).ToString("N0", System.Globalization.CultureInfo.InvariantCulture),
                tally.Records.ToString("N0", System.Globalization.CultureInfo.InvariantCulture),
                tally.Bytes.ToString("N0", System.Globalization.CultureInfo.InvariantCulture),
                Markup.Escape(RemovedSummary(tally.RemovedByReason)));
        }

        foreach (var (model, saved) in monitor.FinalCheckpoints.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            table.AddRow(
                "trainer",
                Markup.Escape($"{model} {saved.RunId}"),
                monitor.Checkpoints.Count(c => c.Model == model).ToString("N0", System.Globalization.CultureInfo.InvariantCulture) + " ckpt",
                saved.TokensSeen.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) + " tok",
                string.Empty,
                Markup.Escape(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"loss {saved.TrainLoss:F3}{(saved.ValidationLoss is { } v ? $", val {v:F3}" : string.Empty)}")));
        }

        foreach (var completed in monitor.Evaluations.Values.Where(e => monitor.FinalEvaluation(e.Model) == e).OrderBy(e => e.Model, StringComparer.Ordinal))
        {
            table.AddRow(
                "evaluator",
                Markup.Escape($"{completed.Model} {completed.RunId} step {completed.Step}"),
                string.Empty,
                string.Empty,
                string.Empty,
                Markup.Escape(completed.Failure is not null
                    ? "failed"
                    : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{completed.PrimaryMetric} {completed.Metrics.GetValueOrDefault(completed.PrimaryMetric):F4} (unigram {completed.Metrics.GetValueOrDefault("unigram_bits_per_byte"):F4}), {completed.Verdict}")));
        }

        console.Write(table);
        if (quarantined.Count > 0)
        {
            var reasons = new Table().AddColumns("quarantine reason", "count", "where");
            foreach (var (reason, count) in quarantined.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                reasons.AddRow(Markup.Escape(reason), count.ToString("N0", System.Globalization.CultureInfo.InvariantCulture), Markup.Escape(Path.Combine(lakeFolder, "rejected", "ingest", reason)));
            }

            console.Write(reasons);
        }

        foreach (var item in unreadable)
        {
            console.MarkupLineInterpolated($"[yellow]quarantined[/] {item.Name}: {item.Problem}");
        }

        foreach (var (key, reason) in monitor.Failures.Concat(monitor.ShardFailures).OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            console.MarkupLineInterpolated($"[red]failed[/] {key}: {reason}");
        }

        console.MarkupLineInterpolated($"Document shards: {Path.Combine(lakeFolder, "docs", "raw")}");
        foreach (var tokenizer in monitor.TokenizerIds.Order(StringComparer.Ordinal))
        {
            console.MarkupLineInterpolated($"Token shards: {Path.Combine(lakeFolder, "tokens", tokenizer)}  Tokenizer: {Path.Combine(lakeFolder, "tokenizers", tokenizer)}");
        }

        foreach (var saved in monitor.FinalCheckpoints.Values.OrderBy(s => s.Model, StringComparer.Ordinal))
        {
            console.MarkupLineInterpolated($"Checkpoint: {Path.Combine(lakeFolder, Path.GetDirectoryName(saved.Manifest.Key)!)}  Dataset: {Path.Combine(lakeFolder, saved.Dataset.Key)}");
        }

        foreach (var completed in monitor.Evaluations.Values.OrderBy(e => e.Model, StringComparer.Ordinal).ThenBy(e => e.RunId, StringComparer.Ordinal).ThenBy(e => e.Step))
        {
            WriteEvaluation(console, completed);
        }

        foreach (var (model, reason) in monitor.TrainingFailures.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            console.MarkupLineInterpolated($"[red]training failed[/] {model}: {reason}");
        }

        console.MarkupLineInterpolated($"Quarantine: {Path.Combine(lakeFolder, "rejected")}  Lineage: {Path.Combine(lakeFolder, "state", "ingest", "sources")}");
        var failed = monitor.Failures.Count + monitor.ShardFailures.Count + monitor.TrainingFailures.Count;
        if (interrupted)
        {
            return;
        }

        console.MarkupLine(failed == 0 ? "[green]run completed[/]" : $"[red]run failed for {monitor.Failures.Count} file(s) and {monitor.ShardFailures.Count} shard(s)[/]");
    }

    private static string RemovedSummary(IReadOnlyDictionary<string, long> removedByReason)
    {
        var total = removedByReason.Values.Sum().ToString("N0", System.Globalization.CultureInfo.InvariantCulture);
        var nonZero = removedByReason.Where(p => p.Value > 0).OrderBy(p => p.Key, StringComparer.Ordinal).ToList();
        return nonZero.Count == 0
            ? total
            : $"{total} ({string.Join(", ", nonZero.Select(p => $"{p.Key} {p.Value.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)}"))})";
    }

    // The evaluation table: every metric with its delta against the line's best before it, the baseline beside bits per byte.
    private void WriteEvaluation(IAnsiConsole console, Sluice.Contracts.EvalCompleted completed)
    {
        var title = $"evaluation of {completed.Model} {completed.RunId} step {completed.Step}";
        if (completed.Failure is { } failure)
        {
            console.MarkupLineInterpolated($"[red]{title} failed[/]: {failure}");
            return;
        }

        EvaluationTable.Write(console, title, completed.Metrics, completed.Deltas);
        foreach (var problem in completed.Problems)
        {
            console.MarkupLineInterpolated($"[yellow]evaluation set refused[/] {problem}");
        }

        var report = completed.Report is { } stored ? Path.Combine(lakeFolder, Path.GetDirectoryName(stored.Key)!, "report.md") : string.Empty;
        console.MarkupLineInterpolated($"Verdict: [bold]{completed.Verdict}[/] on {completed.PrimaryMetric}  Report: {report}");
    }
}
