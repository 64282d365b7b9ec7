using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Serilog;
using Serilog.Events;

namespace Sluice.Hosting;

/// <summary>
/// Logs through Serilog, to the console always and to Seq (Serilog's Seq sink) when <c>Telemetry:SeqUrl</c> is set,
/// every event with its structured properties (the log scope's <c>ShardKey</c>, <c>SourceKey</c>, <c>MessageType</c>,
/// the message's own holes such as <c>Stage</c> and <c>DocCount</c>, and <c>Service</c>); traces (MassTransit's and
/// Sluice's activity sources) over OTLP when <c>Telemetry:OtlpEndpoint</c> is set.
/// </summary>
public static class SluiceTelemetry
{
    /// <summary>The activity source Sluice's own spans (jobs) are started on.</summary>
    public static ActivitySource ActivitySource { get; } = new("Sluice");

    internal static void Register(IHostApplicationBuilder builder, TelemetryOptions telemetry)
    {
        var serviceName = telemetry.ServiceName.Length > 0 ? telemetry.ServiceName : builder.Environment.ApplicationName;
        var valid = !telemetry.FindProblems().Any();

        // Levels are filtered by Microsoft.Extensions.Logging (the Logging section of appsettings), so Serilog takes all.
        var logger = new LoggerConfiguration()
            .MinimumLevel.Verbose()
            .Enrich.FromLogContext()
            .Enrich.WithProperty("Service", serviceName)
            .WriteTo.Console(outputTemplate: "{Timestamp:HH:mm:ss} {Level:u3} {SourceContext}: {Message:lj}{NewLine}{Exception}", formatProvider: System.Globalization.CultureInfo.InvariantCulture);
        if (valid && telemetry.SeqUrl.Length > 0)
        {
            logger.WriteTo.Seq(telemetry.SeqUrl, restrictedToMinimumLevel: LogEventLevel.Verbose, apiKey: telemetry.SeqApiKey.Length > 0 ? telemetry.SeqApiKey : null, formatProvider: System.Globalization.CultureInfo.InvariantCulture);
        }

        // The provider is added as is: AddSerilog would also add a filter that lets every level through to it,
        // overriding the levels configured for Microsoft.Extensions.Logging.
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(new Serilog.Extensions.Logging.SerilogLoggerProvider(logger.CreateLogger(), dispose: true));
        if (!valid || telemetry.OtlpEndpoint.Length == 0)
        {
            return;
        }

        // There is no hosting integration package for this OpenTelemetry version: the tracer provider is a container
        // singleton (disposed, and so flushed, with the host) and a hosted service creates it at start.
        var resource = ResourceBuilder.CreateDefault().AddService(serviceName);
        builder.Services.AddSingleton(_ => Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(resource)
            .AddSource("MassTransit")
            .AddSource(ActivitySource.Name)
            .AddOtlpExporter(e => Configure(e, telemetry))
            .Build());
        builder.Services.AddHostedService<TracingLifetime>();
    }

    private static void Configure(OtlpExporterOptions exporter, TelemetryOptions telemetry)
    {
        exporter.Protocol = OtlpExportProtocol.HttpProtobuf;
        exporter.Endpoint = new Uri(telemetry.OtlpEndpoint.TrimEnd('/') + "/v1/traces");
        if (telemetry.SeqApiKey.Length > 0)
        {
            exporter.Headers = "X-Seq-ApiKey=" + telemetry.SeqApiKey;
        }
    }
}
