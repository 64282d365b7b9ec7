using System.Net;
using System.Net.Sockets;

namespace Sluice.Testing;

/// <summary>Free TCP ports on the loopback interface, for servers a test starts.</summary>
public static class LoopbackPort
{
    /// <summary>A port that was free a moment ago (the OS picks it; there is a small window for another process to take it).</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
