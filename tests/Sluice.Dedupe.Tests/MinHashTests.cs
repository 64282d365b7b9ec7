using Sluice.Dedupe.MinHash;
using Sluice.Testing;

namespace Sluice.Dedupe.Tests;

public sealed class MinHashTests
{
    private static readonly string[] Paragraphs = BrownCorpus.Paragraphs().Where(p => p.Length > 600).Take(40).ToArray();

    [Fact]
    public void Signatures_are_deterministic_for_a_seed_and_differ_between_seeds()
    {
        var options = new DedupeOptions();
        var first = new DocumentFingerprinter(options).Fingerprint("x", Paragraphs[0]);
        var again = new DocumentFingerprinter(new DedupeOptions()).Fingerprint("x", Paragraphs[0]);
        Assert.Equal(first.Signature, again.Signature);
        Assert.Equal(first.BandKeys, again.BandKeys);
        Assert.Equal(112, first.Signature.Length);
        Assert.Equal(14, first.BandKeys.Length);

        var reseeded = new DocumentFingerprinter(new DedupeOptions { MinHash = { Seed = 2 } }).Fingerprint("x", Paragraphs[0]);
        Assert.True(first.Signature.Zip(reseeded.Signature).Count(p => p.First == p.Second) < 10);
    }

    [Fact]
    public void Known_values_do_not_change_between_versions()
    {
        // A persisted index holds these values: changing the hashing silently breaks every existing index.
        var fingerprint = new DocumentFingerprinter(new DedupeOptions()).Fingerprint("x", "the quick brown fox jumps over the lazy dog");
        Assert.Equal(
            [1195878305u, 55742632u, 672751532u, 1925366090u],
            fingerprint.Signature[..4]);
        Assert.Equal(2541002930410114772UL, fingerprint.BandKeys[0]);
    }

    [Fact]
    public void Vector_and_scalar_hashing_agree()
    {
        var shingles = new uint[500];
        new WordShingler(5, 1).Shingle(new Normalization.TextNormalizer(new()).Normalize(Paragraphs[1]), shingles);
        var count = Array.IndexOf(shingles, 0u) is var z and >= 0 ? z : shingles.Length;
        var builder = new MinHashSignatureBuilder(112, 1);
        var signature = new uint[112];
        builder.Compute(shingles.AsSpan(0, count), signature);

        var state = 1UL;
        for (var i = 0; i < 112; i++)
        {
            state += 0x9E3779B97F4A7C15UL;
            var seed = (uint)StableHash.Mix64(state);
            var min = uint.MaxValue;
            foreach (var shingle in shingles.AsSpan(0, count))
            {
                min = Math.Min(min, StableHash.Mix32(shingle ^ seed));
            }

            Assert.Equal(min, signature[i]);
        }
    }

    [Fact]
    public void Estimated_jaccard_tracks_true_jaccard()
    {
        var fingerprinter = new DocumentFingerprinter(new DedupeOptions { MinHash = { Bands = 32, RowsPerBand = 8 } });
        var errors = new List<double>();
        for (var i = 0; i < Paragraphs.Length; i++)
        {
            var words = Paragraphs[i].Split(' ');
            var variant = string.Join(' ', words.Take(words.Length * 2 / 3));
            var truth = TrueJaccard.Of(Paragraphs[i], variant);
            var estimate = LshBanding.EstimateJaccard(
                fingerprinter.Fingerprint("a", Paragraphs[i]).Signature,
                fingerprinter.Fingerprint("b", variant).Signature);
            errors.Add(Math.Abs(estimate - truth));
        }

        // 256 hashes: the standard error is at most 0.5/sqrt(256) = 0.031.
        Assert.True(errors.Average() < 0.04, $"mean absolute error {errors.Average():F3}");
        Assert.True(errors.Max() < 0.15, $"max absolute error {errors.Max():F3}");
    }

    [Fact]
    public void Computing_a_signature_allocates_nothing_per_shingle()
    {
        var fingerprinter = new DocumentFingerprinter(new DedupeOptions());
        var small = Paragraphs[2];
        var large = string.Join(' ', Paragraphs);
        fingerprinter.Fingerprint("warm", large);
        fingerprinter.Fingerprint("warm", small);

        var before = GC.GetAllocatedBytesForCurrentThread();
        fingerprinter.Fingerprint("s", small);
        var smallBytes = GC.GetAllocatedBytesForCurrentThread() - before;
        before = GC.GetAllocatedBytesForCurrentThread();
        fingerprinter.Fingerprint("l", large);
        var largeBytes = GC.GetAllocatedBytesForCurrentThread() - before;

        // Per document: the normalized string, the signature and the band keys; nothing that grows with shingle count
        // beyond the normalized text itself (2 bytes per character).
        var extraChars = large.Length - small.Length;
        Assert.True(largeBytes - smallBytes <= extraChars * 2 + 4096, $"small {smallBytes} B, large {largeBytes} B, {extraChars} more characters");
    }

    [Fact]
    public void Short_and_empty_documents_are_handled()
    {
        var fingerprinter = new DocumentFingerprinter(new DedupeOptions());
        var empty = fingerprinter.Fingerprint("e", "  !! ");
        Assert.Empty(empty.BandKeys);
        Assert.All(empty.Signature, v => Assert.Equal(uint.MaxValue, v));

        var shortText = fingerprinter.Fingerprint("s", "three short words");
        Assert.Equal(14, shortText.BandKeys.Length);
        Assert.Equal(shortText.Signature, fingerprinter.Fingerprint("t", "Three, short words!").Signature);
    }
}
