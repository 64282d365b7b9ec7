using System.Globalization;
using System.Text.Json;
using MassTransit;
using Sluice.Contracts;
using Sluice.Hosting;
using Sluice.Hosting.Jobs;

namespace Sluice.Evaluator.Worker;

/// <summary>
/// Records every announced checkpoint's losses (the report's loss chart) and submits an evaluation job for each
/// checkpoint to evaluate: the message is finished in milliseconds, the evaluation runs under a lease.
/// </summary>
internal sealed class EvaluatorConsumer(EvaluatorOptions options, LakeFiles lake, IJobStore jobs) : IConsumer<CheckpointSaved>
{
    public async Task Consume(ConsumeContext<CheckpointSaved> context)
    {
        var saved = context.Message;
        var loss = new LossRecord(saved.RunId, saved.Step, double.IsFinite(saved.TrainLoss) ? saved.TrainLoss : null, saved.ValidationLoss);
        await lake.PutBytesAsync(CheckpointEvaluationJob.LossKey(saved.Model, saved.RunId, saved.Step), JsonSerializer.SerializeToUtf8Bytes(loss, CheckpointEvaluationJob.Json), context.CancellationToken).ConfigureAwait(false);
        if (!options.Evaluates(saved.Step, saved.MaxSteps))
        {
            return;
        }

        var jobId = $"eval-{saved.Model}-{saved.RunId}-{saved.Step.ToString("D8", CultureInfo.InvariantCulture)}";
        await jobs.SubmitAsync(jobId, CheckpointEvaluationJob.JobKind, JsonSerializer.Serialize(saved, CheckpointEvaluationJob.Json), JobResubmission.Never, context.CancellationToken).ConfigureAwait(false);
    }
}
