using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Sluice.Hosting.Jobs;

/// <summary>Registers jobs: the store the <c>Jobs</c> section names, the runner, and a service's job handlers.</summary>
public static class JobsExtensions
{
    /// <summary>
    /// Adds a job handler, and (once per host) the <c>Jobs</c> options, the job store and the <see cref="JobRunner"/>
    /// that runs every registered handler's jobs.
    /// </summary>
    public static IHostApplicationBuilder AddJobHandler<THandler>(this IHostApplicationBuilder builder)
        where THandler : class, IJobHandler
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddJobStore();
        builder.Services.TryAddSingleton<THandler>();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IJobHandler, THandler>(sp => sp.GetRequiredService<THandler>()));
        if (!builder.Services.Any(d => d.ServiceType == typeof(JobRunner)))
        {
            builder.Services.AddSingleton<JobRunner>();
            builder.Services.AddHostedService(sp => sp.GetRequiredService<JobRunner>());
        }

        return builder;
    }

    /// <summary>The <c>Jobs</c> options and the store they name, for a service that submits jobs others run.</summary>
    public static IHostApplicationBuilder AddJobStore(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddSluiceOptions<JobOptions>(JobOptions.SectionName);
        builder.Services.TryAddSingleton<IJobStore>(sp =>
        {
            var options = sp.GetRequiredService<JobOptions>();
            return options.Store == JobStoreKind.Postgres
                ? new PostgresJobStore(options)
                : new InProcessJobStore(sp.GetRequiredService<TimeProvider>());
        });
        return builder;
    }
}
