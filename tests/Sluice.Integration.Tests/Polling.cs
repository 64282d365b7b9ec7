namespace Sluice.Integration.Tests;

/// <summary>
/// Waiting on what has no events to wait on (the job store, the broker's management API, the lake): asked every 100 ms
/// until it answers or the patience runs out.
/// </summary>
internal static class Polling
{
    /// <summary>How long a test waits for anything.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(180);

    /// <summary>The first non-null answer of <paramref name="probe"/>; throws naming <paramref name="what"/> on timeout.</summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T?>> probe, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            if (await probe() is { } found)
            {
                return found;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out after {Patience} waiting for {what}");
            }

            await Task.Delay(100);
        }
    }
}
