using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.Logging;
using Sluice.Contracts;
using Sluice.Hosting;
using Sluice.Hosting.Jobs;
using Sluice.Stages;
using Sluice.Training.Lines;

namespace Sluice.Training.Worker;

/// <summary>
/// The <c>trainer</c> endpoint. A <see cref="Tokenized"/> is recorded as an arrival of every model line (shards of
/// another tokenizer than a line's are refused for that line, naming both), a <see cref="StartTraining"/> as a request;
/// either way the line's training job is submitted and the message is done: the job decides whether a run starts, and
/// trains (no message is held while it does).
/// </summary>
internal sealed class TrainerConsumer(
    TrainerOptions options,
    LineLedger ledger,
    IJobStore jobs,
    ShardQuarantine quarantine,
    ILogger<TrainerConsumer> logger) : IConsumer<Tokenized>, IConsumer<StartTraining>
{
    public async Task Consume(ConsumeContext<Tokenized> context)
    {
        var tokenized = context.Message;
        foreach (var line in options.EffectiveLines)
        {
            var state = await ledger.ReadStateAsync(line.Name, context.CancellationToken).ConfigureAwait(false);
            var adopted = line.TokenizerId.Length > 0 ? line.TokenizerId : state.TokenizerId;
            if (adopted is not null && adopted != tokenized.TokenizerId)
            {
                await quarantine.QuarantineAsync(
                    TrainingLineJob.StageName, new ShardInput(tokenized.Source, tokenized.Input), "tokenizer-mismatch",
                    $"the token shards of {tokenized.Input.Key} were made with tokenizer {tokenized.TokenizerId}; model line {line.Name} trains with tokenizer {adopted}",
                    tokenized.StageConfigHash, new BusStagePublisher(context), context.CancellationToken).ConfigureAwait(false);
                continue;
            }

            await ledger.RecordArrivalAsync(line.Name, tokenized, context.CancellationToken).ConfigureAwait(false);
            await SubmitAsync(line.Name, context.CancellationToken).ConfigureAwait(false);
        }
    }

    public async Task Consume(ConsumeContext<StartTraining> context)
    {
        var request = context.Message;
        if (options.Line(request.Model) is null)
        {
            logger.LogError("{RequestedBy} asked to train model line {Model}, which is not configured (Trainer:Lines); known: {Lines}",
                request.RequestedBy, request.Model, string.Join(", ", options.EffectiveLines.Select(l => l.Name)));
            await context.Publish(
                new TrainingRequestAnswered
                {
                    Model = request.Model,
                    RequestId = request.RequestId,
                    Outcome = $"no model line named {request.Model} is configured (Trainer:Lines); known: {string.Join(", ", options.EffectiveLines.Select(l => l.Name))}",
                    OccurredAt = DateTimeOffset.UtcNow,
                },
                context.CancellationToken).ConfigureAwait(false);
            return;
        }

        await ledger.RecordRequestAsync(request, context.CancellationToken).ConfigureAwait(false);
        logger.LogInformation("{RequestedBy} asked model line {Model} to train", request.RequestedBy, request.Model);
        await SubmitAsync(request.Model, context.CancellationToken).ConfigureAwait(false);
    }

    // Always: a line's job works through whatever has arrived, so a submit while it runs asks for one more pass.
    private Task SubmitAsync(string model, CancellationToken cancellationToken) =>
        jobs.SubmitAsync(TrainingLineJob.JobIdOf(model), TrainingLineJob.JobKind, JsonSerializer.Serialize(new TrainingLineRequest(model)), JobResubmission.Always, cancellationToken);
}
