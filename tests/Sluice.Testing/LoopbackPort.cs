using System.Net;
using System.Net.Sockets;

namespace Sluice.Testing;

/// <summary>Free TCP ports on the loopback interface, for servers a test starts.</summary>
public static class LoopbackPort
{
    // Linux hands out ephemeral ports (outgoing connections, port 0) from 32768 on; a block below that range cannot be
    // taken by a client socket between the check and the server's bind.
    private const int BlockRangeStart = 20_000;
    private const int BlockRangeEnd = 32_000;

    /// <summary>A port that was free a moment ago (the OS picks it; there is a small window for another process to take it).</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// A base port b such that every b + o for o in <paramref name="offsets"/> is free now and lies below the ephemeral
    /// range, for servers that number their ports from one base (a local stack's services and their replicas).
    /// </summary>
    public static int NextBlock(IReadOnlyCollection<int> offsets)
    {
        ArgumentNullException.ThrowIfNull(offsets);
        var span = offsets.Max();
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var candidate = Random.Shared.Next(BlockRangeStart, BlockRangeEnd - span);
            if (offsets.All(o => IsFree(candidate + o)))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"no free block of ports between {BlockRangeStart} and {BlockRangeEnd}");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
