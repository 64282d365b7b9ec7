namespace Sluice.Hosting;

/// <summary>Where logs and traces go besides the console, bound from the <c>Telemetry</c> section.</summary>
public sealed class TelemetryOptions : ISluiceOptions
{
    /// <summary>The configuration section these options are read from.</summary>
    public const string SectionName = "Telemetry";

    /// <summary>
    /// The OTLP/HTTP base URL logs and traces are sent to (<c>/v1/logs</c> and <c>/v1/traces</c> are appended), for Seq
    /// <c>http://seq:5341/ingest/otlp</c>. Default empty: console only.
    /// </summary>
    public string OtlpEndpoint { get; set; } = string.Empty;

    /// <summary>Seq's API key, sent as the <c>X-Seq-ApiKey</c> header when set. Default empty (none).</summary>
    public string SeqApiKey { get; set; } = string.Empty;

    /// <summary>The service name logs and traces carry. Default: the application's name.</summary>
    public string ServiceName { get; set; } = string.Empty;

    /// <summary>Every problem with these settings, empty when they are usable.</summary>
    public IEnumerable<string> FindProblems()
    {
        if (OtlpEndpoint.Length > 0 && (!Uri.TryCreate(OtlpEndpoint, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)))
        {
            yield return $"Telemetry:OtlpEndpoint '{OtlpEndpoint}' is not an http(s) URL";
        }
    }
}
