using Sluice.Dedupe.Worker;
using Sluice.Ingest.Worker;
using Sluice.SafetyFilter.Worker;
using Sluice.Tokenize.Worker;

namespace Sluice.Cli.Embedded;

/// <summary>Every stage built so far, in pipeline order; each later stage adds its line here.</summary>
internal static class EmbeddedStages
{
    public static IReadOnlyList<EmbeddedStage> All { get; } =
    [
        new("ingest", builder => builder.AddIngestStage(), bus => bus.AddIngestConsumers()),
        new("dedupe", builder => builder.AddDedupeStage(), bus => bus.AddDedupeConsumers()),
        new("safety-filter", builder => builder.AddSafetyFilterStage(), bus => bus.AddSafetyFilterConsumers()),
        new("tokenize", builder => builder.AddTokenizeStage(), bus => bus.AddTokenizeConsumers()),
    ];
}
