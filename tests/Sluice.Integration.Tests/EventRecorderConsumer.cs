using MassTransit;
using Sluice.Contracts;

namespace Sluice.Integration.Tests;

/// <summary>The test's subscriber to the stages' events (its own queue, bound through the broker like any later stage).</summary>
public sealed class EventRecorderConsumer(RecordedEvents events) : IConsumer<DataArrived>, IConsumer<SourceIngested>, IConsumer<Deduplicated>, IConsumer<Cleaned>, IConsumer<Tokenized>
{
    /// <inheritdoc />
    public Task Consume(ConsumeContext<DataArrived> context)
    {
        events.DataArrived.Enqueue(context.Message);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task Consume(ConsumeContext<SourceIngested> context)
    {
        events.SourceIngested.Enqueue(context.Message);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task Consume(ConsumeContext<Deduplicated> context)
    {
        events.Deduplicated.Enqueue(context.Message);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task Consume(ConsumeContext<Cleaned> context)
    {
        events.Cleaned.Enqueue(context.Message);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task Consume(ConsumeContext<Tokenized> context)
    {
        events.Tokenized.Enqueue(context.Message);
        return Task.CompletedTask;
    }
}
