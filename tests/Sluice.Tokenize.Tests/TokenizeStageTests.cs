using Sluice.Contracts;
using Sluice.Documents;
using Sluice.Stages;
using Sluice.Testing;
using Sluice.Tokenize.Worker;
using Sluice.Tokenizer;
using Sluice.Tokenizer.PreTokenization;
using Sluice.Tokenizer.Shards;

namespace Sluice.Tokenize.Tests;

public sealed class TokenizeStageTests : IDisposable
{
    private readonly FolderLake lake = new();

    private static BpeTokenizer Gpt2 => TiktokenEncodings.Get("gpt2");

    public void Dispose() => lake.Dispose();

    [Fact]
    public async Task Every_document_decodes_through_the_index_to_exactly_its_text_in_input_order_within_its_split()
    {
        var documents = Brown(80);
        var result = await RunAsync(documents, new TokenizeOptions { ValidationFraction = 0.25, BatchBytes = 20_000, MinValidationTokens = 0 }, "a");

        var decoded = Decode(result, Gpt2);
        Assert.Equal(documents.Count, decoded.Count);
        foreach (var split in new[] { TokenSplit.Train, TokenSplit.Validation })
        {
            var expected = documents.Where(d => new TrainValidationSplit(0.25).Assign(d.Id) == split).ToList();
            var actual = decoded.Where(d => d.Split == split).ToList();
            Assert.Equal(expected.Select(d => d.Id), actual.Select(d => d.Id));
            Assert.Equal(expected.Select(d => d.Text), actual.Select(d => d.Text));
        }

        Assert.Contains(decoded, d => d.Split == TokenSplit.Validation);
        Assert.Empty(result.RemovedByReason);
        Assert.Equal(documents.Sum(d => (long)System.Text.Encoding.UTF8.GetByteCount(d.Text)), result.Statistics.Counters[TokenizeStage.TextBytesCounter]);
        Assert.All(result.Output.Train.Shards.Concat(result.Output.Validation.Shards), s => Assert.StartsWith($"tokens/{Gpt2.Id}/", s.Tokens.Key, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_bytes_written_do_not_depend_on_the_thread_count_or_the_batch_size()
    {
        var documents = Brown(60);
        var one = await RunAsync(documents, new TokenizeOptions { ValidationFraction = 0.2, Parallelism = 1, BatchBytes = 1, MinValidationTokens = 0 }, "one");
        var many = await RunAsync(documents, new TokenizeOptions { ValidationFraction = 0.2, Parallelism = 4, BatchBytes = 1 << 20, MinValidationTokens = 0 }, "many");

        var files = Shards(one).SelectMany(s => new[] { s.Tokens, s.Documents }).ToList();
        var others = Shards(many).SelectMany(s => new[] { s.Tokens, s.Documents }).ToList();
        Assert.Equal(files.Count, others.Count);
        Assert.Equal(files.Select(f => f.Sha256), others.Select(f => f.Sha256));
    }

    [Fact]
    public async Task A_split_goes_on_in_a_new_shard_when_the_next_document_would_pass_the_shard_size()
    {
        var documents = Brown(40);
        var result = await RunAsync(documents, new TokenizeOptions { ValidationFraction = 0, ShardTokens = 5_000, MinValidationTokens = 0 }, "small");

        var train = result.Output.Train.Shards;
        Assert.Empty(result.Output.Validation.Shards);
        Assert.True(train.Count > 3, $"{train.Count} shard(s)");
        Assert.Equal(Enumerable.Range(0, train.Count).Select(p => $"-{p:D5}.bin"), train.Select(s => s.Tokens.Key[^10..]));
        foreach (var shard in train)
        {
            using var reader = TokenShardReader.Open(PathOf(shard));
            Assert.True(reader.TokenCount <= 5_000 || reader.Documents.Count == 1, $"{shard.Tokens.Key}: {reader.TokenCount} tokens in {reader.Documents.Count} documents");
            Assert.Equal(shard.Tokens.RecordCount, reader.TokenCount);
            Assert.Equal(shard.Documents.RecordCount, reader.Documents.Count);
        }

        Assert.Equal(documents.Select(d => d.Text), Decode(result, Gpt2).Select(d => d.Text));
    }

    [Fact]
    public async Task Documents_without_text_or_with_an_id_seen_before_are_set_aside_with_their_reason_and_row()
    {
        var documents = Brown(5);
        var empty = Document.Create(string.Empty, "drop/empty.txt", "file", "{}");
        var input = documents.Take(2).Append(empty).Append(documents[0]).Concat(documents.Skip(2)).ToList();

        var result = await RunAsync(input, new TokenizeOptions { ValidationFraction = 0, MinValidationTokens = 0 }, "skips");

        Assert.Equal(1, result.RemovedByReason[TokenizeStage.EmptyTextReason]);
        Assert.Equal(1, result.RemovedByReason[TokenizeStage.DuplicateIdReason]);
        var rejected = new List<RejectedRecord>();
        foreach (var shard in result.RejectedShards)
        {
            rejected.AddRange(await lake.ReadRejectedAsync(shard.Key));
        }

        Assert.Equal(
            [(documents[0].Id, TokenizeStage.DuplicateIdReason, $"{result.Input.Key}#row=0"), (empty.Id, TokenizeStage.EmptyTextReason, $"{result.Input.Key}#row=2")],
            rejected.Select(r => (r.Id, r.Reason, r.Locator)));
        Assert.Equal(documents.Select(d => d.Id), Decode(result, Gpt2).Select(d => d.Id));
    }

    [Fact]
    public async Task A_shard_the_share_gives_too_few_validation_tokens_tops_validation_up_from_its_last_documents_by_hash_position()
    {
        var documents = Brown(24);
        TokenizeOptions Options() => new() { ValidationFraction = 0, MinValidationTokens = 20_000, ValidationTopUpShare = 0.2, BatchBytes = 30_000 };

        var result = await RunAsync(documents, Options(), "top-up");
        var again = await RunAsync(documents, Options(), "top-up-again");

        var decoded = Decode(result, Gpt2);
        var validation = decoded.Where(d => d.Split == TokenSplit.Validation).ToList();
        var total = result.Output.Train.TokenCount + result.Output.Validation.TokenCount;
        Assert.NotEmpty(validation);
        Assert.InRange(result.Output.Validation.TokenCount, Math.Min(20_000, (long)(0.2 * total)), (long)(0.2 * total) + 10_000);
        Assert.Equal(validation.Count, result.Statistics.Counters[TokenizeStage.ValidationTopUpCounter]);
        Assert.Equal(documents.Where(d => validation.All(v => v.Id != d.Id)).Select(d => d.Id), decoded.Where(d => d.Split == TokenSplit.Train).Select(d => d.Id));
        Assert.Equal(Shards(result).Select(s => s.Tokens.Sha256), Shards(again).Select(s => s.Tokens.Sha256));
    }

    [Fact]
    public async Task A_single_document_shard_keeps_its_document_for_training()
    {
        var result = await RunAsync(Brown(1), new TokenizeOptions { ValidationFraction = 0, MinValidationTokens = 100_000 }, "single");

        Assert.Empty(result.Output.Validation.Shards);
        Assert.Equal(1, result.Output.Train.DocumentCount);
    }

    [Fact]
    public async Task Text_that_spells_a_special_token_is_ordinary_text_and_survives_the_round_trip()
    {
        var tricky = Document.Create("before <|endoftext|> after", "drop/tricky.txt", "file", "{}");
        var result = await RunAsync([tricky], new TokenizeOptions { ValidationFraction = 0, MinValidationTokens = 0 }, "special");

        using var reader = TokenShardReader.Open(PathOf(Assert.Single(result.Output.Train.Shards)));
        var document = Assert.Single(reader.Documents);
        var tokens = reader.ReadDocument(document);
        Assert.DoesNotContain(Gpt2.EndOfTextToken, tokens);
        Assert.Equal(tricky.Text, Gpt2.Decode(tokens));
    }

    [Fact]
    public void Bad_settings_are_refused_naming_the_key()
    {
        var options = new TokenizeOptions { ValidationFraction = 1.5, ShardTokens = 10, Tokenizer = { Encoding = "bert" } };

        var problems = options.FindProblems().ToList();

        Assert.Contains(problems, p => p.Contains("Tokenize:ValidationFraction", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("Tokenize:ShardTokens", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("Tokenize:Tokenizer:Encoding", StringComparison.Ordinal) && p.Contains("cl100k_base", StringComparison.Ordinal));
        Assert.Throws<ArgumentException>(() => new TokenizeStage(Gpt2, options));
    }

    [Fact]
    public void The_policy_hash_changes_with_what_decides_the_tokenizer_and_only_with_that()
    {
        var policy = new TokenizerPolicyOptions { Encoding = "train", VocabularySize = 4096 };
        var hash = policy.PolicyHash();

        Assert.Equal(hash, new TokenizerPolicyOptions { Encoding = "TRAIN", VocabularySize = 4096, SettleSeconds = 99 }.PolicyHash());
        Assert.NotEqual(hash, new TokenizerPolicyOptions { Encoding = "train", VocabularySize = 4097 }.PolicyHash());
        Assert.NotEqual(hash, new TokenizerPolicyOptions { Encoding = "train", VocabularySize = 4096, SampleMegabytes = 1 }.PolicyHash());
        Assert.NotEqual(hash, new TokenizerPolicyOptions { Encoding = "train", VocabularySize = 4096, Pattern = "gpt2" }.PolicyHash());
        Assert.NotEqual(new TokenizerPolicyOptions { Encoding = "gpt2" }.PolicyHash(), new TokenizerPolicyOptions { Encoding = "cl100k_base" }.PolicyHash());

        // A pattern by name or spelled out is the same policy; a regular expression keeps its case.
        Assert.Equal(hash, new TokenizerPolicyOptions { Encoding = "train", VocabularySize = 4096, Pattern = PreTokenizerPatterns.Cl100k }.PolicyHash());
        Assert.NotEqual(
            new TokenizerPolicyOptions { Encoding = "train", Pattern = @"\p{Lu}+|\s+|[^\s\p{Lu}]+" }.PolicyHash(),
            new TokenizerPolicyOptions { Encoding = "train", Pattern = @"\p{LU}+|\s+|[^\s\p{LU}]+" }.PolicyHash());
    }

    [Fact]
    public void A_custom_pre_tokenization_pattern_is_accepted_and_a_broken_one_is_refused_naming_the_key()
    {
        Assert.Empty(new TokenizeOptions { Tokenizer = { Encoding = "train", Pattern = @"\p{L}+|\p{N}{1,3}|\s+|[^\s\p{L}\p{N}]+" } }.FindProblems());

        var problems = new TokenizeOptions { Tokenizer = { Encoding = "train", Pattern = @"(\p{L}+" } }.FindProblems().ToList();
        Assert.Contains(problems, p => p.StartsWith("Tokenize:Tokenizer:Pattern", StringComparison.Ordinal));
        Assert.Contains(new TokenizeOptions { Tokenizer = { Encoding = "train", Pattern = "cl100" } }.FindProblems(), p => p.StartsWith("Tokenize:Tokenizer:Pattern", StringComparison.Ordinal));
    }

    private static List<Document> Brown(int count) =>
        BrownCorpus.Documents().Take(count).Select(d => Document.Create(d.Text, "drop/brown/" + d.Name, "file", "{}")).ToList();

    private static IEnumerable<TokenShardRef> Shards(ShardRun<TokenSplits> run) => run.Output.Train.Shards.Concat(run.Output.Validation.Shards);

    private List<(string Id, TokenSplit Split, string Text)> Decode(ShardRun<TokenSplits> result, BpeTokenizer tokenizer)
    {
        var decoded = new List<(string, TokenSplit, string)>();
        foreach (var shard in Shards(result))
        {
            using var reader = TokenShardReader.Open(PathOf(shard));
            Assert.Equal(shard.Tokens.Key.Contains("/val/", StringComparison.Ordinal) ? TokenSplit.Validation : TokenSplit.Train, reader.Header.Split);
            Assert.Equal(tokenizer.Id, reader.Header.TokenizerId);
            foreach (var document in reader.Documents)
            {
                Assert.Equal(tokenizer.EndOfTextToken, reader[document.Start]);
                decoded.Add((document.Id, reader.Header.Split, tokenizer.DecodeStrict(reader.ReadDocument(document))));
            }
        }

        return decoded;
    }

    private async Task<ShardRun<TokenSplits>> RunAsync(IReadOnlyList<Document> documents, TokenizeOptions options, string name)
    {
        var input = await lake.WriteInputAsync(documents, name);
        var run = await lake.RunAsync(new TokenizeStage(Gpt2, options), input, TokenShardOutput.For(Gpt2, options));
        Assert.NotNull(run);
        return run;
    }

    private string PathOf(TokenShardRef shard) => Path.Combine(lake.Path, shard.Tokens.Key);
}
