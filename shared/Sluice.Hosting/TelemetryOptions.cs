namespace Sluice.Hosting;

/// <summary>Where logs and traces go besides the console, bound from the <c>Telemetry</c> section.</summary>
public sealed class TelemetryOptions : ISluiceOptions
{
    /// <summary>The configuration section these options are read from.</summary>
    public const string SectionName = "Telemetry";

    /// <summary>
    /// Seq's base URL (for example <c>http://seq:5341</c>): every log event goes there with its structured properties,
    /// through Serilog's Seq sink (Seq's ingestion API, CLEF). Default empty: logs to the console only.
    /// </summary>
    public string SeqUrl { get; set; } = string.Empty;

    /// <summary>
    /// The OTLP/HTTP base URL traces are sent to (<c>/v1/traces</c> is appended), for Seq
    /// <c>http://seq:5341/ingest/otlp</c>. Default empty: no traces exported.
    /// </summary>
    public string OtlpEndpoint { get; set; } = string.Empty;

    /// <summary>Seq's API key, sent with logs and traces when set (<c>X-Seq-ApiKey</c>). Default empty (none).</summary>
    public string SeqApiKey { get; set; } = string.Empty;

    /// <summary>The service name logs and traces carry (log property <c>Service</c>). Default: the application's name.</summary>
    public string ServiceName { get; set; } = string.Empty;

    /// <inheritdoc />
    public IEnumerable<string> FindProblems()
    {
        foreach (var (key, value) in new[] { ("Telemetry:OtlpEndpoint", OtlpEndpoint), ("Telemetry:SeqUrl", SeqUrl) })
        {
            if (value.Length > 0 && (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)))
            {
                yield return $"{key} '{value}' is not an http(s) URL";
            }
        }
    }
}
