using Sluice.Dedupe.Index;
using Sluice.Hosting;

namespace Sluice.Dedupe.Worker;

/// <summary>Where the dedupe worker's global index lives, bound from the <c>DedupeIndex</c> section.</summary>
public sealed class DedupeIndexOptions : ISluiceOptions
{
    /// <summary>The configuration section these options are read from.</summary>
    public const string SectionName = "DedupeIndex";

    /// <summary>
    /// <see cref="DedupeIndexKind.InProcess"/> (one process only; saved to the lake) or <see cref="DedupeIndexKind.Postgres"/>
    /// (any number of replicas). Default: InProcess.
    /// </summary>
    public DedupeIndexKind Kind { get; set; } = DedupeIndexKind.InProcess;

    /// <summary>
    /// For <see cref="DedupeIndexKind.InProcess"/>: the lake key the index is loaded from at the first shard and saved to
    /// after every shard. Default: <c>state/dedupe/index.bin</c>.
    /// </summary>
    public string ObjectKey { get; set; } = "state/dedupe/index.bin";

    /// <summary>For <see cref="DedupeIndexKind.Postgres"/>: connection string (required, no default), schema and retry limit.</summary>
    public PostgresDedupeIndexOptions Postgres { get; set; } = new();

    /// <inheritdoc />
    public IEnumerable<string> FindProblems()
    {
        if (!Enum.IsDefined(Kind))
        {
            yield return $"DedupeIndex:Kind '{Kind}' is not InProcess or Postgres";
            yield break;
        }

        if (Kind == DedupeIndexKind.InProcess && !Sluice.Storage.ObjectKey.IsValid(ObjectKey))
        {
            yield return $"DedupeIndex:ObjectKey '{ObjectKey}' is not a valid object key";
        }

        if (Kind == DedupeIndexKind.Postgres)
        {
            foreach (var problem in OptionsProblems.From("DedupeIndex:Postgres", Postgres.Validate))
            {
                yield return problem;
            }
        }
    }
}
