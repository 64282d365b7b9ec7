using Sluice.Bench.Tokenizer;

// Usage: dotnet run -c Release --project bench/Sluice.Bench.Tokenizer -- [encode|train|profile|all] [repeats]
var what = args.Length > 0 ? args[0] : "all";
var repeats = args.Length > 1 ? int.Parse(args[1]) : 5;
if (what is "encode" or "all")
{
    EncodeBenchmark.Run(["cl100k_base", "o200k_base"], repeats);
}

if (what is "profile")
{
    EncodeProfile.Run(["cl100k_base", "o200k_base"], repeats);
}

if (what is "train" or "all")
{
    TrainBenchmark.Run(Math.Max(1, repeats / 2));
}
