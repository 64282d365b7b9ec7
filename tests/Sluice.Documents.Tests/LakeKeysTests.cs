using Sluice.Contracts;

namespace Sluice.Documents.Tests;

public sealed class LakeKeysTests
{
    private static readonly string Input = new('a', 64);
    private static readonly string Config = new('b', 64);

    [Fact]
    public void Every_derived_object_has_the_same_shape_of_input_hash_config_hash_and_part()
    {
        var stem = $"{new string('a', 32)}-{new string('b', 16)}";
        Assert.Equal($"docs/raw/{stem}-00003.parquet", LakeKeys.Documents(LakeKeys.RawLayer, Input, Config, 3));
        Assert.Equal($"docs/dedup/{stem}-00000.parquet", LakeKeys.Documents(LakeKeys.DedupLayer, Input, Config, 0));
        Assert.Equal($"docs/clean/{stem}-00000.parquet", LakeKeys.Documents(LakeKeys.CleanLayer, Input, Config, 0));
        Assert.Equal($"rejected/dedupe/near/{stem}-00001.parquet", LakeKeys.Rejected("dedupe", "near", Input, Config, 1));
        Assert.Equal($"rejected/tokenize/integrity/{stem}.json", LakeKeys.QuarantineRecord("tokenize", "integrity", Input, Config));
        Assert.Equal($"tokens/{new string('c', 64)}/val/{stem}-00002.bin", LakeKeys.TokenShard(new string('c', 64), LakeKeys.ValidationSplit, Input, Config, 2));
        Assert.Equal($"state/ingest/sources/{Input}/{Config}.json", LakeKeys.IngestLedger(Input, Config));
    }

    [Fact]
    public void Parts_of_a_key_that_could_escape_their_folder_or_break_the_shape_are_refused()
    {
        Assert.Throws<ArgumentException>(() => LakeKeys.Rejected("ingest", "Bad Reason", Input, Config, 0));
        Assert.Throws<ArgumentException>(() => LakeKeys.Documents("../etc", Input, Config, 0));
        Assert.Throws<ArgumentException>(() => LakeKeys.Documents(LakeKeys.RawLayer, "../etc", Config, 0));
        Assert.Throws<ArgumentException>(() => LakeKeys.TokenShard(new string('c', 64), "test", Input, Config, 0));
        Assert.Throws<ArgumentException>(() => LakeKeys.Tokenizer(new string('c', 64), "../x"));
        Assert.Throws<ArgumentException>(() => LakeKeys.State("tokenize", "a/../b"));
        Assert.Throws<ArgumentOutOfRangeException>(() => LakeKeys.Documents(LakeKeys.RawLayer, Input, Config, -1));
    }
}
