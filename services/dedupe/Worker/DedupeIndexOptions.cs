using Sluice.Dedupe.Index;

namespace Sluice.Dedupe.Worker;

/// <summary>Where the dedupe worker's global index lives, bound from the <c>DedupeIndex</c> section.</summary>
public sealed class DedupeIndexOptions
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

    /// <summary>Every problem with these settings, empty when they are usable.</summary>
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
            string? problem = null;
            try
            {
                Postgres.Validate();
            }
            catch (ArgumentException e)
            {
                problem = "DedupeIndex:Postgres: " + e.Message;
            }

            if (problem is not null)
            {
                yield return problem;
            }
        }
    }
}
