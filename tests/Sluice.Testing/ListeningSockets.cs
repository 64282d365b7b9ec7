using System.Globalization;
using System.Net;

namespace Sluice.Testing;

/// <summary>The TCP sockets listening on this machine, read from <c>/proc/net/tcp</c> and <c>/proc/net/tcp6</c>.</summary>
public static class ListeningSockets
{
    private const string Listen = "0A";

    /// <summary>Every listening socket's address and port.</summary>
    public static IReadOnlyList<IPEndPoint> All() =>
        Read("/proc/net/tcp").Concat(Read("/proc/net/tcp6")).ToList();

    /// <summary>The addresses listening on <paramref name="port"/>.</summary>
    public static IReadOnlyList<IPAddress> On(int port) => All().Where(e => e.Port == port).Select(e => e.Address).ToList();

    private static IEnumerable<IPEndPoint> Read(string table)
    {
        if (!File.Exists(table))
        {
            yield break;
        }

        foreach (var line in File.ReadLines(table).Skip(1))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 4 || fields[3] != Listen)
            {
                continue;
            }

            var (address, port) = (fields[1][..fields[1].IndexOf(':', StringComparison.Ordinal)], fields[1][(fields[1].IndexOf(':', StringComparison.Ordinal) + 1)..]);
            yield return new IPEndPoint(Parse(address), int.Parse(port, NumberStyles.HexNumber, CultureInfo.InvariantCulture));
        }
    }

    // The kernel prints each 32-bit word of the address in host byte order (little-endian here).
    private static IPAddress Parse(string hex)
    {
        var bytes = Convert.FromHexString(hex);
        for (var word = 0; word < bytes.Length; word += 4)
        {
            Array.Reverse(bytes, word, 4);
        }

        return new IPAddress(bytes);
    }
}
