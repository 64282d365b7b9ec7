using Microsoft.Extensions.Hosting;

namespace Sluice.Hosting;

/// <summary>Adds a pipeline service to a worker host.</summary>
public static class PipelineServiceExtensions
{
    /// <summary>
    /// The whole worker of one service: its services and the bus with its consumers. Call after
    /// <see cref="ServiceDefaultsExtensions.AddServiceDefaults"/>.
    /// </summary>
    public static IHostApplicationBuilder AddPipelineService<TService>(this IHostApplicationBuilder builder)
        where TService : IPipelineService, new()
    {
        ArgumentNullException.ThrowIfNull(builder);
        var service = new TService();
        service.AddServices(builder);
        builder.AddSluiceBus(service.AddConsumers);
        return builder;
    }
}
