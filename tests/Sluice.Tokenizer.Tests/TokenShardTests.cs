using System.Buffers.Binary;
using Sluice.Testing;
using Sluice.Tokenizer.Shards;

namespace Sluice.Tokenizer.Tests;

public sealed class TokenShardTests : IDisposable
{
    private const string TokenizerId = "9b2a3f0c1d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8";
    private readonly string _folder = RepoLayout.NewTempFolder("shards");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData(50257, 2)]
    [InlineData(65536, 2)]
    [InlineData(200019, 4)]
    public void Documents_round_trip_with_end_of_text_before_each(int vocabularySize, int bytesPerToken)
    {
        var path = Path.Combine(_folder, "s.bin");
        var eot = vocabularySize - 1;
        var documents = new (string Id, int[] Tokens)[]
        {
            ("doc-a", [1, 2, 3]),
            ("doc-b", []),
            ("doc-c", [vocabularySize - 2, 0, 65535 % (vocabularySize - 1), 7]),
        };
        using (var writer = new TokenShardWriter(path, Options(vocabularySize, eot)))
        {
            foreach (var (id, tokens) in documents)
            {
                writer.AddDocument(id, tokens);
            }

            var header = writer.Complete();
            Assert.Equal(10, header.TokenCount);
        }

        Assert.Equal(TokenShardLayout.HeaderBytes + (10 * bytesPerToken), new FileInfo(path).Length);
        using var reader = TokenShardReader.Open(path);
        Assert.Equal(bytesPerToken == 2 ? 1 : 2, reader.Header.Version);
        Assert.Equal(TokenizerId, reader.Header.TokenizerId);
        Assert.Equal(3, reader.Header.DocumentCount);
        Assert.Equal(eot, reader.Header.EndOfTextToken);
        Assert.Equal(vocabularySize, reader.Header.VocabularySize);
        Assert.Equal(TokenSplit.Validation, reader.Header.Split);
        Assert.Equal(100_000, reader.Header.ValidationPartsPerMillion);

        var all = new int[12];
        Assert.Equal(10, reader.ReadTokens(0, all));
        int[] expected = [eot, 1, 2, 3, eot, eot, vocabularySize - 2, 0, 65535 % (vocabularySize - 1), 7];
        Assert.Equal(expected, all[..10]);
        Assert.Equal(["doc-a", "doc-b", "doc-c"], reader.Documents.Select(d => d.Id));
        for (var i = 0; i < documents.Length; i++)
        {
            Assert.Equal(documents[i].Tokens, reader.ReadDocument(reader.Documents[i]));
        }
    }

    [Fact]
    public void Every_token_position_maps_back_to_its_document()
    {
        var path = Path.Combine(_folder, "map.bin");
        var random = new Random(7);
        var lengths = Enumerable.Range(0, 200).Select(_ => random.Next(0, 50)).ToArray();
        using (var writer = new TokenShardWriter(path, Options(1000, 999)))
        {
            for (var i = 0; i < lengths.Length; i++)
            {
                writer.AddDocument($"d{i}", Enumerable.Repeat(i % 999, lengths[i]).ToArray());
            }

            writer.Complete();
        }

        using var reader = TokenShardReader.Open(path);
        for (long position = 0; position < reader.TokenCount; position++)
        {
            var document = reader.DocumentAt(position);
            var index = int.Parse(document.Id[1..]);
            Assert.InRange(position, document.Start, document.End - 1);
            Assert.Equal(position == document.Start ? 999 : index % 999, reader[position]);
        }
    }

    [Fact]
    public void Random_windows_are_exact_slices_of_the_shard()
    {
        var path = Path.Combine(_folder, "win.bin");
        var tokens = Enumerable.Range(0, 5000).Select(i => i % 4000).ToArray();
        using (var writer = new TokenShardWriter(path, Options(4001, 4000)))
        {
            writer.AddDocument("one", tokens);
            writer.Complete();
        }

        using var reader = TokenShardReader.Open(path);
        var random = new Random(1);
        var window = new int[257];
        for (var i = 0; i < 100; i++)
        {
            var start = reader.ReadRandomWindow(random, window);
            Assert.InRange(start, 0, reader.TokenCount - window.Length);
            for (var j = 0; j < window.Length; j++)
            {
                Assert.Equal(start + j == 0 ? 4000 : tokens[start + j - 1], window[j]);
            }
        }

        Assert.Throws<ArgumentException>(() => reader.ReadRandomWindow(random, new int[5002]));
    }

    [Fact]
    public void The_token_file_is_plain_llm_c_layout()
    {
        var path = Path.Combine(_folder, "llmc.bin");
        using (var writer = new TokenShardWriter(path, Options(50257, 50256)))
        {
            writer.AddDocument("x", [15496, 995]);
            writer.Complete();
        }

        // What llm.c's data loader does: 256 int32 words, magic, version 1, count, then count uint16 ids.
        var bytes = File.ReadAllBytes(path);
        Assert.Equal(20240520, BinaryPrimitives.ReadInt32LittleEndian(bytes));
        Assert.Equal(1, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(4)));
        var count = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(8));
        Assert.Equal(1024 + (count * 2), bytes.Length);
        var ids = Enumerable.Range(0, count).Select(i => (int)BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(1024 + (2 * i)))).ToArray();
        Assert.Equal([50256, 15496, 995], ids);
    }

    [Fact]
    public void A_plain_llm_c_file_without_index_is_readable()
    {
        var path = Path.Combine(_folder, "foreign.bin");
        var bytes = new byte[1024 + 6];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, 20240520);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(4), 1);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(8), 3);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(1024), 50256);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(1026), 40000);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(1028), 65535);
        File.WriteAllBytes(path, bytes);
        using var reader = TokenShardReader.Open(path);
        Assert.Null(reader.Header.TokenizerId);
        Assert.Empty(reader.Documents);
        var tokens = new int[3];
        reader.ReadTokens(0, tokens);
        Assert.Equal([50256, 40000, 65535], tokens);
    }

    [Fact]
    public void Malformed_shards_get_errors_naming_the_file_and_the_problem()
    {
        var path = Path.Combine(_folder, "bad.bin");
        using (var writer = new TokenShardWriter(path, Options(100, 99)))
        {
            writer.AddDocument("a", [1, 2]);
            writer.Complete();
        }

        var good = File.ReadAllBytes(path);
        File.WriteAllBytes(path, good[..^2]);
        var truncated = Assert.Throws<TokenShardFormatException>(() => TokenShardReader.Open(path));
        Assert.Contains("bad.bin", truncated.Message);
        Assert.Contains("announces 3 tokens", truncated.Message);

        var badMagic = (byte[])good.Clone();
        badMagic[0] ^= 0xFF;
        File.WriteAllBytes(path, badMagic);
        Assert.Contains("magic", Assert.Throws<TokenShardFormatException>(() => TokenShardReader.Open(path)).Message);

        File.WriteAllBytes(path, good);
        File.Delete(TokenShardLayout.IndexPathFor(path));
        Assert.Contains("index", Assert.Throws<TokenShardFormatException>(() => TokenShardReader.Open(path)).Message);

        File.WriteAllBytes(path, new byte[10]);
        Assert.Contains("less than", Assert.Throws<TokenShardFormatException>(() => TokenShardReader.Open(path)).Message);
    }

    [Fact]
    public void The_writer_rejects_bad_input_and_leaves_nothing_behind_when_not_completed()
    {
        var path = Path.Combine(_folder, "partial.bin");
        using (var writer = new TokenShardWriter(path, Options(100, 99)))
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => writer.AddDocument("a", [100]));
            writer.AddDocument("b", [1]);
            Assert.Throws<ArgumentException>(() => writer.AddDocument("b", [2]));
        }

        Assert.Empty(Directory.GetFiles(_folder));
        Assert.Throws<ArgumentException>(() => new TokenShardWriter(path, new TokenShardWriterOptions { TokenizerId = "abc", VocabularySize = 10, EndOfTextToken = 1 }));
        Assert.Throws<ArgumentException>(() => new TokenShardWriter(path, Options(100, 100)));
        Assert.Throws<ArgumentException>(() => new TokenShardWriter(Path.Combine(_folder, "x.tokens"), Options(100, 99)));
    }

    [Fact]
    public void The_split_is_deterministic_and_close_to_the_fraction()
    {
        var split = new TrainValidationSplit(0.1);
        var ids = Enumerable.Range(0, 20_000).Select(i => $"doc-{i}").ToArray();
        var first = ids.Select(split.Assign).ToArray();
        var again = ids.Reverse().Select(new TrainValidationSplit(0.1).Assign).Reverse().ToArray();
        Assert.Equal(first, again);
        var share = first.Count(s => s == TokenSplit.Validation) / (double)ids.Length;
        Assert.InRange(share, 0.09, 0.11);

        // A larger fraction only moves documents from train to validation, never back.
        var wider = new TrainValidationSplit(0.3);
        Assert.All(ids.Where(id => split.Assign(id) == TokenSplit.Validation), id => Assert.Equal(TokenSplit.Validation, wider.Assign(id)));
        Assert.All(ids, id => Assert.Equal(TokenSplit.Train, new TrainValidationSplit(0).Assign(id)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TrainValidationSplit(1.5));
    }

    private static TokenShardWriterOptions Options(int vocabularySize, int eot) => new()
    {
        TokenizerId = TokenizerId,
        VocabularySize = vocabularySize,
        EndOfTextToken = eot,
        Split = TokenSplit.Validation,
        ValidationFraction = 0.1,
    };
}
