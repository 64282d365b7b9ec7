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

    // Every port handed out in this process: the OS may offer a port again once its listener is closed, and two servers
    // of one stack given the same port (the S3 server on the broker console's) fail to start.
    private static readonly HashSet<int> HandedOut = [];

    /// <summary>
    /// A port that was free a moment ago and was never handed out before in this process (the OS picks it; there is a
    /// small window for another process to take it).
    /// </summary>
    public static int Next()
    {
        while (true)
        {
            int port;
            using (var listener = new TcpListener(IPAddress.Loopback, 0))
            {
                listener.Start();
                port = ((IPEndPoint)listener.LocalEndpoint).Port;
            }

            lock (HandedOut)
            {
                if (HandedOut.Add(port))
                {
                    return port;
                }
            }
        }
    }

    /// <summary>
    /// A base port b such that every b + o for o in <paramref name="offsets"/> is free now, was never handed out before
    /// in this process and lies below the ephemeral range, for servers that number their ports from one base (a local
    /// stack's services and their replicas).
    /// </summary>
    public static int NextBlock(IReadOnlyCollection<int> offsets)
    {
        ArgumentNullException.ThrowIfNull(offsets);
        var span = offsets.Max();
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var candidate = Random.Shared.Next(BlockRangeStart, BlockRangeEnd - span);
            lock (HandedOut)
            {
                if (offsets.All(o => !HandedOut.Contains(candidate + o) && IsFree(candidate + o)))
                {
                    HandedOut.UnionWith(offsets.Select(o => candidate + o));
                    return candidate;
                }
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
