using System.CommandLine;
using Sluice.Cli.Embedded;
using Sluice.Engine;
using Sluice.Engine.Checkpoints;
using Sluice.Evaluation.EvaluationSets;
using Sluice.Evaluation.Gate;
using Sluice.Evaluation.Reports;
using Sluice.Evaluator.Scoring;
using Sluice.Tokenizer.Shards;
using Spectre.Console;

namespace Sluice.Cli;

/// <summary>
/// <c>sluice eval</c>: evaluates a checkpoint on demand, as the evaluator service does (docs/evaluator.md), on the
/// token shards of a folder, and writes the report beside it.
/// </summary>
internal static class EvalCommand
{
    public static Command Create()
    {
        var checkpoint = new Argument<DirectoryInfo>("checkpoint") { Description = "A checkpoint folder, or a run folder (its latest complete checkpoint)." };
        var tokens = new Option<DirectoryInfo>("--tokens") { Description = "A folder of token shards in the checkpoint's tokenizer (its validation shards are scored, its training shards fit the baseline).", Required = true };
        var evalSets = new Option<DirectoryInfo?>("--evalsets") { Description = "A folder of evaluation sets (<name>.<reference|qa|choice|bias>.jsonl), scored beside the built-in examples." };
        var output = new Option<DirectoryInfo?>("--out") { Description = "Where the report goes. Default: eval/ in the checkpoint folder." };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the generations and the memorization sample.", DefaultValueFactory = _ => 1234UL };
        var command = new Command("eval", "Evaluate a checkpoint: held-out bits per byte against a unigram baseline, generations, memorization and evaluation sets, with a report.") { checkpoint, tokens, evalSets, output, seed };
        command.SetAction(parseResult =>
        {
            var stderr = parseResult.InvocationConfiguration.Error;
            var readers = new List<TokenShardReader>();
            try
            {
                var found = Checkpoint.Resolve(parseResult.GetValue(checkpoint)!.FullName);
                var tokenizer = found.LoadTokenizer() ?? throw new InvalidDataException($"checkpoint {found.Folder} carries no tokenizer");
                var folder = parseResult.GetValue(tokens)!;
                if (!folder.Exists)
                {
                    throw new DirectoryNotFoundException($"the token folder {folder.FullName} does not exist");
                }

                foreach (var file in Directory.GetFiles(folder.FullName, "*.bin", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
                {
                    var reader = TokenShardReader.Open(file);
                    readers.Add(reader);
                    if (reader.Header.TokenizerId != tokenizer.Id)
                    {
                        throw new InvalidDataException($"tokenizer mismatch: {file} is in tokenizer {reader.Header.TokenizerId}, the checkpoint's is {tokenizer.Id}");
                    }
                }

                var sets = ExampleSets.LoadAll().ToList();
                if (parseResult.GetValue(evalSets) is { } setFolder)
                {
                    foreach (var file in Directory.GetFiles(setFolder.FullName, "*.jsonl").Order(StringComparer.Ordinal))
                    {
                        if (!EvalSetKey.TryParse(EvalSetKey.Prefix + Path.GetFileName(file), out var key, out var problem))
                        {
                            throw new InvalidDataException($"{file} is not an evaluation set: {problem}");
                        }

                        sets.RemoveAll(s => s.Key.Key == key.Key);
                        sets.Add(EvalSetLoader.Load(key, File.ReadAllBytes(file)));
                    }
                }

                var options = new ScoringOptions { Seed = parseResult.GetValue(seed) };
                CheckpointScores scores;
                using (var model = found.LoadModel())
                {
                    scores = new CheckpointScorer(model, tokenizer, options, GenerationSafety.Default()).Score(
                        readers.Where(r => r.Header.Split == TokenSplit.Validation).ToList(),
                        readers.Where(r => r.Header.Split != TokenSplit.Validation).ToList(),
                        sets);
                }

                var report = EvaluationReport.Build(new EvaluationReportInput
                {
                    Model = "checkpoint",
                    Run = Path.GetFileName(Path.GetDirectoryName(found.Folder)) ?? "run",
                    Step = found.Manifest.Step,
                    EvaluatedAt = DateTimeOffset.UtcNow,
                    Metrics = scores.Metrics,
                    Baseline = scores.Baseline,
                    Gate = RegressionGate.Decide(scores.Model.BitsPerByte, null),
                    Samples = scores.Samples,
                    EvalSets = scores.EvalSets,
                });
                var target = parseResult.GetValue(output)?.FullName ?? Path.Combine(found.Folder, "eval");
                Directory.CreateDirectory(target);
                foreach (var file in report)
                {
                    File.WriteAllBytes(Path.Combine(target, file.Name), file.Content);
                }

                var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(parseResult.InvocationConfiguration.Output) });
                var metrics = scores.Metrics.ToDictionary(m => m.Name, m => m.Value, StringComparer.Ordinal);
                metrics["unigram_bits_per_byte"] = scores.Baseline.BitsPerByte;
                EvaluationTable.Write(console, $"evaluation of {found.Folder}", metrics, new Dictionary<string, double>());
                foreach (var refused in scores.EvalSets.Where(s => s.Problems.Count > 0))
                {
                    stderr.WriteLine($"sluice eval: {refused.Key} is not scored: {string.Join("; ", refused.Problems)}");
                }

                console.MarkupLineInterpolated($"Report: {Path.Combine(target, "report.md")}");
                return 0;
            }
            catch (Exception e) when (e is ArgumentException or InvalidDataException or IOException or CheckpointException or EngineException or TokenShardFormatException or System.Text.Json.JsonException)
            {
                stderr.WriteLine("sluice eval: " + e.Message.ReplaceLineEndings(" "));
                return 1;
            }
            finally
            {
                foreach (var reader in readers)
                {
                    reader.Dispose();
                }
            }
        });
        return command;
    }
}
