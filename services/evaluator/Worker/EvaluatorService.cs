using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Sluice.Hosting;
using Sluice.Hosting.Jobs;

namespace Sluice.Evaluator.Worker;

/// <summary>The evaluator service: its options (<c>Evaluator</c>, <c>Jobs</c>), the evaluation job, and the <c>evaluator</c> endpoint.</summary>
public sealed class EvaluatorService : IPipelineService
{
    /// <inheritdoc />
    public string Name => CheckpointEvaluationJob.StageName;

    /// <inheritdoc />
    public void AddServices(IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddSluiceOptions<EvaluatorOptions>(EvaluatorOptions.SectionName);
        builder.Services.TryAddSingleton<LakeFiles>();
        builder.AddJobHandler<CheckpointEvaluationJob>();
    }

    /// <inheritdoc />
    public void AddConsumers(IBusRegistrationConfigurator bus)
    {
        ArgumentNullException.ThrowIfNull(bus);
        bus.AddConsumer<EvaluatorConsumer>();
    }
}
