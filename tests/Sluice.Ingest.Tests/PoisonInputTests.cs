using System.Globalization;
using Sluice.Testing;

namespace Sluice.Ingest.Tests;

/// <summary>
/// Every kind of the poison catalogue through the ingest stage on its own: quarantined with its reason, nothing of it
/// kept as a document (but what an archive held before its limit), and the stage never throws.
/// </summary>
public sealed class PoisonInputTests
{
    public static TheoryData<string> Kinds() => [.. PoisonInputs.All().Select(p => p.Kind)];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Each_kind_of_bad_input_is_quarantined_with_its_reason(string kind)
    {
        var poison = PoisonInputs.All().Single(p => p.Kind == kind);
        var options = new IngestOptions();
        if (poison.NeedsSmallLimits)
        {
            var limits = PoisonInputs.SmallLimits;
            options.MaxObjectBytes = long.Parse(limits["MaxObjectBytes"], CultureInfo.InvariantCulture);
            options.MaxRecordBytes = int.Parse(limits["MaxRecordBytes"], CultureInfo.InvariantCulture);
            options.MaxArchiveEntries = int.Parse(limits["MaxArchiveEntries"], CultureInfo.InvariantCulture);
            options.MaxExpandedBytes = long.Parse(limits["MaxExpandedBytes"], CultureInfo.InvariantCulture);
        }

        var (result, sink) = Ingesting.Run(poison.Bytes, poison.Name, options);

        Assert.True(result.RejectedByReason.ContainsKey(poison.Reason),
            $"{kind}: expected {poison.Reason}, got {string.Join(", ", sink.Rejected().Select(r => $"{r.Reason} ({r.Detail})"))}");
        Assert.All(sink.Rejected(), r => Assert.Equal(poison.Name, r.Source));
        Assert.All(sink.Rejected(), r => Assert.False(string.IsNullOrWhiteSpace(r.Detail)));
        Assert.Equal(poison.KeptBefore, sink.Documents().Count);
    }

    [Fact]
    public void The_catalogue_has_at_least_thirty_kinds_and_each_names_one_reason_of_the_stage()
    {
        var reasons = typeof(RejectionReasons).GetFields().Select(f => (string)f.GetRawConstantValue()!).ToHashSet();
        var all = PoisonInputs.All();
        Assert.True(all.Count >= 30, $"{all.Count} kinds");
        Assert.Equal(all.Count, all.Select(p => p.Kind).Distinct().Count());
        Assert.All(all, p => Assert.Contains(p.Reason, reasons));
    }
}
