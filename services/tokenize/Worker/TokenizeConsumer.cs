using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.Logging;
using Sluice.Contracts;
using Sluice.Hosting;
using Sluice.Hosting.Jobs;
using Sluice.Stages;
using Sluice.Tokenizer;

namespace Sluice.Tokenize.Worker;

/// <summary>
/// The <c>tokenize</c> endpoint. A cleaned shard is tokenized by the runner into <c>tokens/&lt;tokenizer-id&gt;/</c> when
/// the policy's tokenizer exists; otherwise it is parked on the policy's training job and the message is done (nothing
/// waits while holding it). <see cref="TokenizerTrained"/> sends every parked shard back to this queue. Each shard is
/// tokenized once per configuration (<see cref="ShardInbox"/>).
/// </summary>
internal sealed class TokenizeConsumer(
    ShardRunner runner,
    ShardInbox inbox,
    TokenizerCatalog catalog,
    TokenizerTrainingJob training,
    IJobStore jobs,
    TokenizeOptions options,
    ILogger<TokenizeConsumer> logger) : IConsumer<Cleaned>, IConsumer<TokenizerTrained>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task Consume(ConsumeContext<Cleaned> context)
    {
        var cleaned = context.Message;
        var tokenizer = await catalog.FindAsync(context.CancellationToken).ConfigureAwait(false)
            ?? await ParkAsync(cleaned, context.CancellationToken).ConfigureAwait(false);
        if (tokenizer is null)
        {
            return;
        }

        var stage = new TokenizeStage(tokenizer, options);
        var input = new ShardInput(cleaned.Source, cleaned.Output);
        await inbox.RunOnceAsync(stage.Name, stage.ConfigHash, input, cleaned.Rerun, async () => await runner.RunAsync(
            stage,
            input,
            TokenShardOutput.For(tokenizer, options),
            run => new Tokenized
            {
                Source = run.Source,
                Input = run.Input,
                TokenizerId = tokenizer.Id,
                Train = run.Output.Train,
                Validation = run.Output.Validation,
                TextByteCount = run.Statistics.Counters.GetValueOrDefault(TokenizeStage.TextBytesCounter),
                RemovedByReason = run.RemovedByReason,
                RejectedShards = run.RejectedShards,
                StageConfigHash = run.ConfigHash,
                OccurredAt = run.CompletedAt,
            },
            new BusStagePublisher(context),
            context.CancellationToken).ConfigureAwait(false) is not null,
            context.CancellationToken).ConfigureAwait(false);
    }

    public async Task Consume(ConsumeContext<TokenizerTrained> context)
    {
        var trained = context.Message;
        if (trained.PolicyHash != catalog.PolicyHash)
        {
            return;
        }

        var waiting = await jobs.WaitersAsync(trained.JobId, context.CancellationToken).ConfigureAwait(false);
        logger.LogInformation("Tokenizer {TokenizerId} is frozen; sending {ShardCount} waiting shard(s) back to tokenize", trained.TokenizerId, waiting.Count);
        foreach (var waiter in waiting)
        {
            var endpoint = await context.GetSendEndpoint(context.ReceiveContext.InputAddress).ConfigureAwait(false);
            await endpoint.Send(JsonSerializer.Deserialize<Cleaned>(waiter.Payload, Json)!, context.CancellationToken).ConfigureAwait(false);
            await jobs.RemoveWaiterAsync(trained.JobId, waiter.Key, context.CancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<BpeTokenizer?> ParkAsync(Cleaned cleaned, CancellationToken cancellationToken)
    {
        var jobId = catalog.TrainingJobId;
        await jobs.SubmitAsync(jobId, TokenizerTrainingJob.JobKind, training.Payload, JobResubmission.IfFailed, cancellationToken).ConfigureAwait(false);
        var job = await jobs.WaitOnAsync(jobId, new JobWaiter(cleaned.Output.Key, JsonSerializer.Serialize(cleaned, Json)), cancellationToken).ConfigureAwait(false);
        if (job?.State == JobState.Succeeded)
        {
            // Trained between the first look and now: the shard goes on at once.
            return await catalog.FindAsync(cancellationToken).ConfigureAwait(false);
        }

        logger.LogInformation("No tokenizer is frozen yet for policy {PolicyHash}; {ShardKey} waits for job {JobId}", catalog.PolicyHash, cleaned.Output.Key, jobId);
        return null;
    }
}
