using MassTransit;
using Microsoft.Extensions.Hosting;

namespace Sluice.Hosting;

/// <summary>
/// One pipeline service's wiring, in one place: its options, its stage and job handlers, and its consumers. A worker's
/// Program.cs adds it with <see cref="PipelineServiceExtensions.AddPipelineService{TService}"/>; the embedded run adds
/// every service named in <c>services/services.txt</c> to one process the same way (docs/adding-a-stage.md).
/// </summary>
public interface IPipelineService
{
    /// <summary>The service's name: its folder under <c>services/</c>, its queue and its stage name.</summary>
    string Name { get; }

    /// <summary>Registers the service's options (validated at start), stage, job handlers and everything they use; no bus.</summary>
    void AddServices(IHostApplicationBuilder builder);

    /// <summary>Registers the service's consumers; queue names derive from the consumer types.</summary>
    void AddConsumers(IBusRegistrationConfigurator bus);
}
