using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Sluice.Hosting;

/// <summary>Console logs always; OTLP logs and traces (MassTransit's and Sluice's activity sources) when an endpoint is configured.</summary>
public static class SluiceTelemetry
{
    /// <summary>The activity source Sluice's stages start their spans on.</summary>
    public static ActivitySource ActivitySource { get; } = new("Sluice");

    internal static void Register(IHostApplicationBuilder builder, TelemetryOptions telemetry)
    {
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
            o.UseUtcTimestamp = true;
        });
        if (telemetry.OtlpEndpoint.Length == 0 || telemetry.FindProblems().Any())
        {
            return;
        }

        var serviceName = telemetry.ServiceName.Length > 0 ? telemetry.ServiceName : builder.Environment.ApplicationName;
        var resource = ResourceBuilder.CreateDefault().AddService(serviceName);
        builder.Logging.AddOpenTelemetry(o =>
        {
            o.IncludeFormattedMessage = true;
            o.IncludeScopes = true;
            o.SetResourceBuilder(resource);
            o.AddOtlpExporter(e => Configure(e, telemetry, "logs"));
        });

        // There is no hosting integration package for this OpenTelemetry version: the tracer provider is a container
        // singleton (disposed, and so flushed, with the host) and a hosted service creates it at start.
        builder.Services.AddSingleton(_ => Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(resource)
            .AddSource("MassTransit")
            .AddSource(ActivitySource.Name)
            .AddOtlpExporter(e => Configure(e, telemetry, "traces"))
            .Build());
        builder.Services.AddHostedService<TracingLifetime>();
    }

    private static void Configure(OtlpExporterOptions exporter, TelemetryOptions telemetry, string signal)
    {
        exporter.Protocol = OtlpExportProtocol.HttpProtobuf;
        exporter.Endpoint = new Uri(telemetry.OtlpEndpoint.TrimEnd('/') + "/v1/" + signal);
        if (telemetry.SeqApiKey.Length > 0)
        {
            exporter.Headers = "X-Seq-ApiKey=" + telemetry.SeqApiKey;
        }
    }
}
