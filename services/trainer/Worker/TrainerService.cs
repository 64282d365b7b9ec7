using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Sluice.Hosting;
using Sluice.Hosting.Jobs;
using Sluice.Training.Lines;

namespace Sluice.Training.Worker;

/// <summary>The trainer service: its options (<c>Trainer</c>, <c>Jobs</c>), the line ledger and checkpoint store, the training job, and the <c>trainer</c> endpoint.</summary>
public sealed class TrainerService : IPipelineService
{
    /// <inheritdoc />
    public string Name => TrainingLineJob.StageName;

    /// <inheritdoc />
    public void AddServices(IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddSluiceOptions<TrainerOptions>(TrainerOptions.SectionName);
        builder.Services.AddSingleton<LineLedger>();
        builder.Services.AddSingleton<LakeFiles>();
        builder.Services.AddSingleton<CheckpointStore>();
        builder.AddJobHandler<TrainingLineJob>();
    }

    /// <inheritdoc />
    public void AddConsumers(IBusRegistrationConfigurator bus)
    {
        ArgumentNullException.ThrowIfNull(bus);
        bus.AddConsumer<TrainerConsumer>();
    }
}
