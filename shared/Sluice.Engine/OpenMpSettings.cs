using System.Runtime.InteropServices;

namespace Sluice.Engine;

/// <summary>
/// OpenMP settings libtorch's OpenMP runtime reads from the environment once, when it loads: they must be in the
/// process environment (libc's, which .NET's <see cref="Environment"/> does not change on Linux) before TorchSharp
/// starts.
/// </summary>
internal static partial class OpenMpSettings
{
    /// <summary>
    /// Makes idle OpenMP threads sleep rather than spin (<c>OMP_WAIT_POLICY=PASSIVE</c>) unless the variable is set:
    /// spinning threads burn CPU time between parallel regions and while a busy machine has descheduled a peer thread
    /// (measured: +26% tokens per CPU-second on a shared 2-core machine at the same wall-clock speed).
    /// </summary>
    public static void PreferPassiveWaiting()
    {
        if (OperatingSystem.IsLinux() && Environment.GetEnvironmentVariable("OMP_WAIT_POLICY") is null)
        {
            _ = SetEnvironment("OMP_WAIT_POLICY", "PASSIVE", overwrite: 0);
        }
    }

    /// <summary>The wait policy libc's environment holds now (what OpenMP read, if it loaded after it was set).</summary>
    public static string? WaitPolicy() => Marshal.PtrToStringUTF8(GetEnvironment("OMP_WAIT_POLICY"));

    [LibraryImport("libc.so.6", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnvironment(string name, string value, int overwrite);

    [LibraryImport("libc.so.6", EntryPoint = "getenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr GetEnvironment(string name);
}
