namespace Sluice.Contracts;

/// <summary>
/// A person or the CLI (<c>sluice reprocess</c>) asks for a dropped object to be processed again from one stage on,
/// even if it was processed before (for example after a configuration change). Ingest answers it: from <c>ingest</c> it
/// reads the object again; from a later stage it announces the source's shards of the layer before that stage again, as
/// the lake's lineage records them. Outputs are keyed by content and configuration, so a changed configuration writes
/// new keys beside the old outputs, and an unchanged one rewrites the same keys with the same bytes.
/// </summary>
public sealed record ReprocessSource
{
    /// <summary>The schema version this message was written with (<see cref="MessageSchema"/>).</summary>
    public int SchemaVersion { get; init; } = MessageSchema.Current;

    /// <summary>The key of the object in the drop bucket.</summary>
    public required string SourceKey { get; init; }

    /// <summary>The first stage to run again: <c>ingest</c> (the default), <c>dedupe</c>, <c>safety-filter</c> or <c>tokenize</c>.</summary>
    public string FromStage { get; init; } = Ingest;

    /// <summary>Who asked, for the logs (a user name, <c>cli</c>, a service name).</summary>
    public required string RequestedBy { get; init; }

    /// <summary>The stage name of ingest.</summary>
    public const string Ingest = "ingest";

    /// <summary>The stages a source can be re-run from, in pipeline order.</summary>
    public static IReadOnlyList<string> Stages { get; } = [Ingest, "dedupe", "safety-filter", "tokenize"];
}
