using System.Diagnostics;
using System.Globalization;

/// <summary>This process's CPU time (all threads) and resident memory, as the kernel reports them.</summary>
internal static class ProcessClock
{
    public static double CpuSeconds()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime.TotalSeconds;
    }

    /// <summary>A field of /proc/self/status in bytes (VmRSS now, VmHWM the peak).</summary>
    public static long Status(string field)
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
            }
        }

        throw new InvalidOperationException($"/proc/self/status has no {field}");
    }
}
