namespace Sluice.Hosting.Jobs;

/// <summary>One job as the store holds it.</summary>
/// <param name="JobId">The job's id, chosen by whoever submits it so that asking twice records one job (e.g. <c>tokenizer-&lt;policy&gt;</c>).</param>
/// <param name="Kind">Which handler runs it (<see cref="IJobHandler.Kind"/>).</param>
/// <param name="Payload">The request, as the handler reads it (JSON).</param>
/// <param name="State">Queued, running or finished.</param>
/// <param name="Attempts">How many times a runner claimed it to run (a takeover after a holder died counts).</param>
/// <param name="Outcome">The result or failure reason once finished.</param>
/// <param name="Announced">Whether the outcome event was published.</param>
/// <param name="LeaseExpiresAt">When the current holder's lease runs out; null when nobody holds it.</param>
/// <param name="CreatedAt">When it was first submitted.</param>
public sealed record JobRecord(
    string JobId,
    string Kind,
    string Payload,
    JobState State,
    int Attempts,
    string? Outcome,
    bool Announced,
    DateTimeOffset? LeaseExpiresAt,
    DateTimeOffset CreatedAt);
