using System.Runtime.InteropServices;

namespace Sluice.Engine;

/// <summary>
/// Settings of the C runtime under libtorch, made before TorchSharp starts: OpenMP reads its environment once, when it
/// loads, from libc's environment (which .NET's <see cref="Environment"/> does not change on Linux); glibc's allocator
/// takes its options through <c>mallopt</c>. A variable the user set wins over each.
/// </summary>
internal static partial class NativeRuntimeSettings
{
    private const int MallocTrimThreshold = -1;
    private const int MallocMmapMax = -4;

    /// <summary>Applies both settings below, once per process, before libtorch loads.</summary>
    public static void Apply()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        PreferPassiveWaiting();
        KeepFreedMemory();
    }

    /// <summary>The wait policy libc's environment holds now (what OpenMP read, if it loaded after it was set).</summary>
    public static string? WaitPolicy() => Marshal.PtrToStringUTF8(GetEnvironment("OMP_WAIT_POLICY"));

    /// <summary>Whether large allocations come from the heap (mmap disabled), as <see cref="KeepFreedMemory"/> sets.</summary>
    public static bool KeepsFreedMemory { get; private set; }

    // Idle OpenMP threads sleep rather than spin (OMP_WAIT_POLICY=PASSIVE): spinning threads burn CPU time between
    // parallel regions and while a busy machine has descheduled a peer thread (measured: +26% tokens per CPU-second on
    // a shared 2-core machine at the same wall-clock speed).
    private static void PreferPassiveWaiting()
    {
        if (Environment.GetEnvironmentVariable("OMP_WAIT_POLICY") is null)
        {
            _ = SetEnvironment("OMP_WAIT_POLICY", "PASSIVE", overwrite: 0);
        }
    }

    // glibc serves allocations above its mmap threshold (at most 32 MiB) with fresh mappings and unmaps them on free,
    // so every step's logits and activations (hundreds of MiB at GPT-2's vocabulary) are page-faulted and zeroed anew:
    // measured, a third of the engine's CPU time went to the kernel. Taking them from the heap and keeping freed memory
    // for the next step removes that (3.3x tokens per CPU-second on gpt2-tiny, 8 x 256); resident memory then stays at
    // the step's peak instead of falling between steps.
    private static void KeepFreedMemory()
    {
        if (Environment.GetEnvironmentVariable("MALLOC_MMAP_MAX_") is not null || Environment.GetEnvironmentVariable("GLIBC_TUNABLES") is not null)
        {
            return;
        }

        KeepsFreedMemory = SetMallocOption(MallocMmapMax, 0) == 1 && SetMallocOption(MallocTrimThreshold, int.MaxValue) == 1;
    }

    [LibraryImport("libc.so.6", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnvironment(string name, string value, int overwrite);

    [LibraryImport("libc.so.6", EntryPoint = "getenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr GetEnvironment(string name);

    [LibraryImport("libc.so.6", EntryPoint = "mallopt")]
    private static partial int SetMallocOption(int parameter, int value);
}
