using System.CommandLine;
using System.Globalization;
using Sluice.Engine;
using Sluice.Engine.Checkpoints;
using Sluice.Tokenizer;

namespace Sluice.Cli;

/// <summary><c>sluice sample</c>: continues a prompt with a trained checkpoint.</summary>
internal static class SampleCommand
{
    public static Command Create()
    {
        var checkpoint = new Argument<DirectoryInfo>("checkpoint") { Description = "A checkpoint folder, or a run folder (its latest complete checkpoint)." };
        var prompt = new Argument<string>("prompt") { Description = "The text to continue." };
        var maxTokens = new Option<int>("--max-tokens") { Description = "Tokens to generate.", DefaultValueFactory = _ => 100 };
        var temperature = new Option<double>("--temperature") { Description = "Softmax temperature; 0 is greedy.", DefaultValueFactory = _ => 0.8 };
        var topK = new Option<int>("--top-k") { Description = "Keep the k most likely tokens (0: all).", DefaultValueFactory = _ => 200 };
        var topP = new Option<double>("--top-p") { Description = "Nucleus sampling mass (1: off).", DefaultValueFactory = _ => 0.95 };
        var seed = new Option<ulong>("--seed") { Description = "Sampling seed: the same seed gives the same text.", DefaultValueFactory = _ => 0UL };
        var tokenizer = new Option<string?>("--tokenizer") { Description = "Tokenizer (encoding name or file) when the checkpoint carries none." };
        var command = new Command("sample", "Continue a prompt with a trained checkpoint.") { checkpoint, prompt, maxTokens, temperature, topK, topP, seed, tokenizer };
        command.SetAction(parseResult =>
        {
            var found = Checkpoint.Resolve(parseResult.GetValue(checkpoint)!.FullName);
            var named = parseResult.GetValue(tokenizer);
            var bpe = named is not null ? TiktokenEncodings.GetOrLoad(named) : found.LoadTokenizer()
                ?? throw new InvalidOperationException($"Checkpoint {found.Folder} carries no tokenizer; name one with --tokenizer");
            using var model = found.LoadModel();
            var ids = bpe.EncodeOrdinary(parseResult.GetValue(prompt)!);
            if (ids.Length == 0)
            {
                ids = [bpe.EndOfTextToken >= 0 ? bpe.EndOfTextToken : 0];
            }

            var options = new SamplingOptions
            {
                Temperature = parseResult.GetValue(temperature),
                TopK = parseResult.GetValue(topK),
                TopP = parseResult.GetValue(topP),
                Seed = parseResult.GetValue(seed),
                StopToken = bpe.EndOfTextToken >= 0 ? bpe.EndOfTextToken : null,
            };
            var result = model.Generate(ids, parseResult.GetValue(maxTokens), options);
            parseResult.InvocationConfiguration.Output.WriteLine(bpe.Decode(result.Tokens));
            parseResult.InvocationConfiguration.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"sample: {result.Tokens.Length - result.PromptLength} tokens, first after {result.TimeToFirstToken.TotalMilliseconds:F0} ms, {result.TokensPerSecond:F1} tokens/s{(result.StoppedAtStopToken ? ", stopped at end of text" : "")}"));
            return 0;
        });
        return command;
    }
}
