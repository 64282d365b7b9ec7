using MassTransit;

namespace Sluice.Hosting.Jobs;

/// <summary>
/// The work of one kind of job (docs/jobs.md): run under a lease the <see cref="JobRunner"/> renews, checkpointing
/// whatever it must not redo to the object store, then announce the outcome with an event. A job's holder may die at
/// any point; the next holder runs it again from its checkpoints, so a run must be safe to repeat.
/// </summary>
public interface IJobHandler
{
    /// <summary>The kind of job this handler runs (a kebab-case name, e.g. <c>tokenizer-training</c>).</summary>
    string Kind { get; }

    /// <summary>
    /// The handlers of one lane run one job at a time between them in a process; lanes run side by side. Work that others
    /// wait for while it waits itself (dedupe rounds, which feed a tokenizer-training job) takes a lane of its own, so a
    /// job of another kind never holds it up. Default <see cref="SharedLane"/>.
    /// </summary>
    string Lane => SharedLane;

    /// <summary>The lane of every handler that names none.</summary>
    public const string SharedLane = "shared";

    /// <summary>
    /// Runs the job. Return <see cref="JobOutcome.Failure"/> for a failure the same request cannot get past; a transient
    /// fault may be thrown (the job is then queued again). Cancelled when the host stops or the lease is lost.
    /// </summary>
    Task<JobOutcome> RunAsync(JobRecord job, IJobStore store, CancellationToken cancellationToken);

    /// <summary>Publishes the finished job's completion or failure event (<see cref="JobRecord.Outcome"/> holds the detail).</summary>
    Task AnnounceAsync(JobRecord job, IJobStore store, IPublishEndpoint publisher, CancellationToken cancellationToken);
}
