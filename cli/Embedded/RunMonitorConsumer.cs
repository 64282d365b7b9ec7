using MassTransit;
using Sluice.Contracts;

namespace Sluice.Cli.Embedded;

/// <summary>Listens to every stage's events on the embedded bus and feeds the <see cref="RunMonitor"/>.</summary>
internal sealed class RunMonitorConsumer(RunMonitor monitor) :
    IConsumer<SourceIngested>,
    IConsumer<Fault<ObjectDropped>>,
    IConsumer<Deduplicated>,
    IConsumer<Cleaned>,
    IConsumer<Tokenized>,
    IConsumer<CheckpointSaved>,
    IConsumer<EvalCompleted>
{
    public Task Consume(ConsumeContext<SourceIngested> context)
    {
        var message = context.Message;
        foreach (var shard in message.DocumentShards)
        {
            monitor.RecordOutput("ingest", shard.RecordCount, shard.ByteCount, new Dictionary<string, long>());
        }

        monitor.Record(message);
        return Task.CompletedTask;
    }

    public Task Consume(ConsumeContext<Fault<ObjectDropped>> context)
    {
        var reason = context.Message.Exceptions.FirstOrDefault()?.Message ?? "unknown failure";
        monitor.RecordFailure(context.Message.Message.Key, reason);
        return Task.CompletedTask;
    }

    public Task Consume(ConsumeContext<Deduplicated> context)
    {
        monitor.RecordOutput("dedupe", context.Message.Output.RecordCount, context.Message.Output.ByteCount, context.Message.RemovedByReason);
        return Task.CompletedTask;
    }

    public Task Consume(ConsumeContext<Cleaned> context)
    {
        monitor.RecordOutput("safety-filter", context.Message.Output.RecordCount, context.Message.Output.ByteCount, context.Message.RemovedByReason);
        return Task.CompletedTask;
    }

    public Task Consume(ConsumeContext<Tokenized> context)
    {
        monitor.RecordOutput("tokenize", context.Message.Train.RecordCount + (context.Message.Validation?.RecordCount ?? 0), context.Message.Train.ByteCount, context.Message.SkippedByReason);
        return Task.CompletedTask;
    }

    public Task Consume(ConsumeContext<CheckpointSaved> context)
    {
        monitor.RecordOutput("trainer", context.Message.TokensSeen, context.Message.Manifest.ByteCount, new Dictionary<string, long>());
        return Task.CompletedTask;
    }

    public Task Consume(ConsumeContext<EvalCompleted> context)
    {
        monitor.RecordOutput("evaluator", 1, context.Message.Report.ByteCount, new Dictionary<string, long>());
        return Task.CompletedTask;
    }
}
