using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Sluice.Hosting.Tests;

/// <summary>Builds a host the way a service's Program.cs does, from the given configuration keys.</summary>
internal static class ServiceHost
{
    public static IHost Build(IDictionary<string, string?> settings, Action<IBusRegistrationConfigurator> consumers)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ApplicationName = "hosting-tests", DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddSingleton<ProbeLog>();
        builder.AddServiceDefaults();
        builder.AddSluiceBus(consumers);
        return builder.Build();
    }
}
