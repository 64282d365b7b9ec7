using System.Text;
using Sluice.Engine.Native;

namespace Sluice.Engine;

/// <summary>Process-wide settings and facts of the libtorch the engine runs on.</summary>
public static class TorchRuntime
{
    /// <summary>The version of the C ABI this binding was written for.</summary>
    public const int ExpectedAbiVersion = 1;

    /// <summary>
    /// Intra-op threads libtorch uses for every model in the process. Fix it for reproducible runs: results are bitwise
    /// repeatable on CPU only at a fixed thread count.
    /// </summary>
    public static int Threads
    {
        get
        {
            NativeMethods.Check(NativeMethods.GetNumThreads(out var threads), "get thread count");
            return threads;
        }

        set
        {
            NativeMethods.Check(NativeMethods.SetNumThreads(value), "set thread count");
        }
    }

    /// <summary>libtorch's version, capabilities (SDPA, fused AdamW, bf16 autocast) and build configuration (BLAS).</summary>
    public static unsafe string Describe()
    {
        EnsureCompatible();
        NativeMethods.Check(NativeMethods.RuntimeInfo(null, 0, out var required), "runtime info");
        var buffer = new byte[required];
        fixed (byte* p = buffer)
        {
            NativeMethods.Check(NativeMethods.RuntimeInfo(p, buffer.Length, out _), "runtime info");
        }

        return Encoding.UTF8.GetString(buffer, 0, buffer.Length - 1);
    }

    /// <summary>Throws when the loaded native library speaks another ABI version than this binding.</summary>
    internal static void EnsureCompatible()
    {
        var version = NativeMethods.AbiVersion();
        if (version != ExpectedAbiVersion)
        {
            throw new EngineException($"libsluice_engine speaks ABI version {version}, this binding expects {ExpectedAbiVersion}: rebuild shared/native");
        }
    }
}
