using System.Text;

namespace Sluice.Ingest.Tests;

/// <summary>Runs the ingest stage over in-memory bytes into a fresh <see cref="MemoryIngestSink"/>.</summary>
internal static class Ingesting
{
    public static (IngestResult Result, MemoryIngestSink Sink) Run(byte[] bytes, string key, IngestOptions? options = null)
    {
        var sink = new MemoryIngestSink();
        var stage = new IngestStage(options ?? new IngestOptions());
        var result = stage.RunAsync(new MemoryStream(bytes), key, sink).GetAwaiter().GetResult();
        return (result, sink);
    }

    public static (IngestResult Result, MemoryIngestSink Sink) Run(string text, string key, IngestOptions? options = null) =>
        Run(Encoding.UTF8.GetBytes(text), key, options);
}
