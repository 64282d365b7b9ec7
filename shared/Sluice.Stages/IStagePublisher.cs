namespace Sluice.Stages;

/// <summary>
/// Where the runner publishes the event of a finished run (or of a quarantined input): the bus in a worker and the
/// embedded run (<c>ConsumeContext</c>), a list in tests and benchmarks.
/// </summary>
public interface IStagePublisher
{
    /// <summary>Publishes one event.</summary>
    Task PublishAsync<T>(T message, CancellationToken cancellationToken)
        where T : class;
}
