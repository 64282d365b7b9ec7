using MassTransit;
using Sluice.Contracts;

namespace Sluice.Cli.Embedded;

/// <summary>Listens to every stage's events on the embedded bus and feeds the <see cref="RunMonitor"/>.</summary>
internal sealed class RunMonitorConsumer(RunMonitor monitor) :
    IConsumer<SourceIngested>,
    IConsumer<SourceReplayed>,
    IConsumer<DataArrived>,
    IConsumer<Fault<ObjectDropped>>,
    IConsumer<Fault<DataArrived>>,
    IConsumer<Fault<Deduplicated>>,
    IConsumer<Fault<Cleaned>>,
    IConsumer<Deduplicated>,
    IConsumer<Cleaned>,
    IConsumer<Tokenized>,
    IConsumer<ShardQuarantined>,
    IConsumer<TokenizerTrainingFailed>,
    IConsumer<CheckpointSaved>,
    IConsumer<TrainingProgress>,
    IConsumer<TrainingFailed>,
    IConsumer<TrainingRequestAnswered>,
    IConsumer<EvalCompleted>
{
    public Task Consume(ConsumeContext<SourceIngested> context)
    {
        monitor.Record(context.Message);
        return Task.CompletedTask;
    }

    public Task Consume(ConsumeContext<SourceReplayed> context)
    {
        monitor.RecordReplayed(context.Message);
        return Task.CompletedTask;
    }

    // Every row of the summary counts text bytes (UTF-8 of the documents' text), not file bytes.
    public Task Consume(ConsumeContext<DataArrived> context)
    {
        monitor.RecordOutput("ingest", context.Message.Shard.RecordCount, context.Message.TextByteCount, new Dictionary<string, long>());
        return Task.CompletedTask;
    }

    public Task Consume(ConsumeContext<Fault<ObjectDropped>> context)
    {
        var reason = context.Message.Exceptions.FirstOrDefault()?.Message ?? "unknown failure";
        monitor.RecordFailure(context.Message.Message.Key, reason);
        return Task.CompletedTask;
    }

    public Task Consume(ConsumeContext<Fault<DataArrived>> context) => ShardFailed("dedupe", context.Message.Message.Shard.Key, context.Message);

    public Task Consume(ConsumeContext<Fault<Deduplicated>> context) => ShardFailed("safety-filter", context.Message.Message.Output.Key, context.Message);

    public Task Consume(ConsumeContext<Fault<Cleaned>> context) => ShardFailed("tokenize", context.Message.Message.Output.Key, context.Message);

    public Task Consume(ConsumeContext<Deduplicated> context)
    {
        monitor.RecordOutput("dedupe", context.Message.Output.RecordCount, context.Message.TextByteCount, context.Message.RemovedByReason);
        return Task.CompletedTask;
    }

    public Task Consume(ConsumeContext<Cleaned> context)
    {
        monitor.RecordOutput("safety-filter", context.Message.Output.RecordCount, context.Message.TextByteCount, context.Message.RemovedByReason);
        return Task.CompletedTask;
    }

    public Task Consume(ConsumeContext<Tokenized> context)
    {
        var message = context.Message;
        monitor.RecordOutput("tokenize", message.Train.DocumentCount + message.Validation.DocumentCount, message.TextByteCount, message.RemovedByReason);
        monitor.RecordTokenized(message.TokenizerId, message.Train.TokenCount, message.Validation.TokenCount, message.Train.Shards.Count + message.Validation.Shards.Count);
        return Task.CompletedTask;
    }

    public Task Consume(ConsumeContext<ShardQuarantined> context)
    {
        monitor.RecordShardFailure(context.Message.Stage, context.Message.Input.Key, $"quarantined ({context.Message.Reason}): {context.Message.Detail}");
        return Task.CompletedTask;
    }

    public Task Consume(ConsumeContext<TokenizerTrainingFailed> context)
    {
        foreach (var shard in context.Message.WaitingShardKeys)
        {
            monitor.RecordShardFailure("tokenize", shard, "no tokenizer: " + context.Message.Reason);
        }

        return Task.CompletedTask;
    }

    public Task Consume(ConsumeContext<CheckpointSaved> context)
    {
        monitor.RecordCheckpoint(context.Message);
        return Task.CompletedTask;
    }

    public Task Consume(ConsumeContext<TrainingProgress> context)
    {
        monitor.RecordProgress(context.Message);
        return Task.CompletedTask;
    }

    public Task Consume(ConsumeContext<TrainingFailed> context)
    {
        monitor.RecordTrainingFailure(context.Message);
        return Task.CompletedTask;
    }

    public Task Consume(ConsumeContext<TrainingRequestAnswered> context)
    {
        monitor.RecordAnswer(context.Message);
        return Task.CompletedTask;
    }

    public Task Consume(ConsumeContext<EvalCompleted> context)
    {
        monitor.RecordEvaluation(context.Message);
        return Task.CompletedTask;
    }

    private Task ShardFailed(string stage, string shardKey, Fault fault)
    {
        monitor.RecordShardFailure(stage, shardKey, fault.Exceptions.FirstOrDefault()?.Message ?? "unknown failure");
        return Task.CompletedTask;
    }
}
