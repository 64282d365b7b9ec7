using MassTransit;
using Sluice.Contracts;

namespace Sluice.Integration.Tests;

/// <summary>The test's subscriber to the stages' events (its own queue, bound through the broker like any later stage).</summary>
public sealed class EventRecorderConsumer(RecordedEvents events) :
    IConsumer<DataArrived>,
    IConsumer<SourceIngested>,
    IConsumer<Deduplicated>,
    IConsumer<Cleaned>,
    IConsumer<Tokenized>,
    IConsumer<ShardQuarantined>,
    IConsumer<TokenizerTrained>,
    IConsumer<TokenizerTrainingFailed>,
    IConsumer<CheckpointSaved>,
    IConsumer<EvalCompleted>,
    IConsumer<TrainingProgress>,
    IConsumer<TrainingFailed>
{
    /// <inheritdoc />
    public Task Consume(ConsumeContext<DataArrived> context) => Record(events.DataArrived, context.Message);

    /// <inheritdoc />
    public Task Consume(ConsumeContext<SourceIngested> context) => Record(events.SourceIngested, context.Message);

    /// <inheritdoc />
    public Task Consume(ConsumeContext<Deduplicated> context) => Record(events.Deduplicated, context.Message);

    /// <inheritdoc />
    public Task Consume(ConsumeContext<Cleaned> context) => Record(events.Cleaned, context.Message);

    /// <inheritdoc />
    public Task Consume(ConsumeContext<Tokenized> context) => Record(events.Tokenized, context.Message);

    /// <inheritdoc />
    public Task Consume(ConsumeContext<ShardQuarantined> context) => Record(events.Quarantined, context.Message);

    /// <inheritdoc />
    public Task Consume(ConsumeContext<TokenizerTrained> context) => Record(events.TokenizerTrained, context.Message);

    /// <inheritdoc />
    public Task Consume(ConsumeContext<TokenizerTrainingFailed> context) => Record(events.TokenizerTrainingFailed, context.Message);

    /// <inheritdoc />
    public Task Consume(ConsumeContext<CheckpointSaved> context) => Record(events.CheckpointSaved, context.Message);

    public Task Consume(ConsumeContext<EvalCompleted> context) => Record(events.EvalCompleted, context.Message);

    /// <inheritdoc />
    public Task Consume(ConsumeContext<TrainingProgress> context) => Record(events.TrainingProgress, context.Message);

    /// <inheritdoc />
    public Task Consume(ConsumeContext<TrainingFailed> context) => Record(events.TrainingFailed, context.Message);

    private Task Record<T>(System.Collections.Concurrent.ConcurrentQueue<T> queue, T message)
    {
        events.Add(queue, message);
        return Task.CompletedTask;
    }
}
