using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;

namespace Sluice.Hosting.Tests;

/// <summary>
/// A loopback HTTP endpoint speaking Seq's ingestion API as far as a client sees it (Seq itself needs a container
/// engine, which the build machines lack): it accepts CLEF batches (newline-delimited JSON events, <c>@t</c>, <c>@mt</c>,
/// <c>@l</c> and the properties) on <c>/ingest/clef</c> and <c>/api/events/raw</c>, answers 201 as Seq does, and keeps
/// every event with the API key it came with.
/// </summary>
public sealed class SeqEndpoint : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly ConcurrentQueue<(JsonElement Event, string? ApiKey, string Path)> events = new();
    private readonly SemaphoreSlim arrived = new(0);
    private readonly Task serving;

    /// <summary>Listens on a free loopback port.</summary>
    public SeqEndpoint()
    {
        Url = $"http://127.0.0.1:{Sluice.Testing.LoopbackPort.Next()}/";
        listener.Prefixes.Add(Url);
        listener.Start();
        serving = Task.Run(ServeAsync);
    }

    /// <summary>The base URL to give the Seq sink.</summary>
    public string Url { get; }

    /// <summary>Waits until an event satisfying <paramref name="match"/> has arrived and returns it with its API key and path.</summary>
    public async Task<(JsonElement Event, string? ApiKey, string Path)> WaitForAsync(Func<JsonElement, bool> match, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            foreach (var item in events)
            {
                if (match(item.Event))
                {
                    return item;
                }
            }

            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || !await arrived.WaitAsync(left))
            {
                throw new TimeoutException($"No matching event reached the Seq endpoint within {timeout}; {events.Count} arrived.");
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        listener.Stop();
        listener.Close();
        try
        {
            serving.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The listener was closed under a pending accept: that is how serving ends.
        }
    }

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            var path = context.Request.Url!.AbsolutePath;
            if (context.Request.HttpMethod != "POST" || path is not ("/ingest/clef" or "/api/events/raw"))
            {
                context.Response.StatusCode = 404;
                context.Response.Close();
                continue;
            }

            using (var reader = new StreamReader(context.Request.InputStream))
            {
                var body = await reader.ReadToEndAsync();
                foreach (var line in body.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    using var document = JsonDocument.Parse(line);
                    events.Enqueue((document.RootElement.Clone(), context.Request.Headers["X-Seq-ApiKey"], path));
                    arrived.Release();
                }
            }

            context.Response.StatusCode = 201;
            context.Response.ContentType = "application/json";
            await context.Response.OutputStream.WriteAsync("{\"MinimumLevelAccepted\":null}"u8.ToArray());
            context.Response.Close();
        }
    }
}
