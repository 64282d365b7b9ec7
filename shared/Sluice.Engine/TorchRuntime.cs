using System.Reflection;
using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace Sluice.Engine;

/// <summary>Process-wide settings and facts of the libtorch the engine runs on (TorchSharp's, loaded in-process).</summary>
public static class TorchRuntime
{
    /// <summary>
    /// An environment variable naming a libtorch folder (or its <c>libtorch.so</c>) to load before TorchSharp starts,
    /// for a CUDA build of libtorch 2.10 from a PyTorch wheel (docs/engine.md, "CUDA").
    /// </summary>
    public const string LibtorchVariable = "SLUICE_LIBTORCH";

    private static readonly Lock Gate = new();
    private static bool loaded;

    /// <summary>
    /// Intra-op threads libtorch uses for every model in the process. Fix it for reproducible runs: results are bitwise
    /// repeatable on CPU only at a fixed thread count.
    /// </summary>
    public static int Threads
    {
        get
        {
            EnsureLoaded();
            return torch.get_num_threads();
        }

        set
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value);
            EnsureLoaded();
            lock (EngineLock.Gate)
            {
                // Set only when it changes: a second trainer in the process must not reset libtorch's pool mid-step.
                if (torch.get_num_threads() != value)
                {
                    torch.set_num_threads(value);
                }
            }
        }
    }

    /// <summary>Whether a CUDA device is usable (needs the CUDA build switch, docs/engine.md).</summary>
    public static bool CudaAvailable
    {
        get
        {
            EnsureLoaded();
            return torch.cuda.is_available();
        }
    }

    /// <summary>libtorch's and TorchSharp's versions, threads, devices and the attention kernel, one fact per line.</summary>
    public static string Describe()
    {
        EnsureLoaded();
        var torchSharp = typeof(torch).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? typeof(torch).Assembly.GetName().Version?.ToString();
        return string.Join('\n',
            $"libtorch {torch.__version__}",
            $"TorchSharp {torchSharp?.Split('+')[0]}",
            $"threads {torch.get_num_threads()}",
            $"cuda {(torch.cuda.is_available() ? $"available ({torch.cuda.device_count()} devices)" : "unavailable")}",
            "attention scaled_dot_product_attention (causal)",
            "optimizer AdamW (per-tensor, float32 master weights; bf16 compute on CUDA)");
    }

    /// <summary>
    /// Loads libtorch through TorchSharp once; when that fails, throws an <see cref="EngineException"/> that names the
    /// dynamic loader's own reason (for example a missing GLIBCXX version) rather than TorchSharp's generic message.
    /// </summary>
    public static void EnsureLoaded()
    {
        if (Volatile.Read(ref loaded))
        {
            return;
        }

        lock (Gate)
        {
            if (loaded)
            {
                return;
            }

            var external = Environment.GetEnvironmentVariable(LibtorchVariable);
            if (!string.IsNullOrEmpty(external))
            {
                var library = Directory.Exists(external) ? Path.Combine(external, "libtorch.so") : external;
                if (!NativeLibrary.TryLoad(library, out _))
                {
                    throw new EngineException($"{LibtorchVariable}={external}: {library} could not be loaded (it must be libtorch 2.10, the version TorchSharp 0.107 binds)");
                }
            }

            NativeRuntimeSettings.Apply();
            try
            {
                torch.InitializeDeviceType(DeviceType.CPU);
            }
            catch (Exception e) when (e is TypeInitializationException or NotSupportedException or DllNotFoundException or ExternalException)
            {
                throw new EngineException(DiagnoseLoadFailure(e));
            }

            loaded = true;
        }
    }

    /// <summary>The CUDA device, initialising TorchSharp's CUDA backend.</summary>
    internal static Device CudaDevice()
    {
        torch.InitializeDeviceType(DeviceType.CUDA);
        return CUDA;
    }

    private static string DiagnoseLoadFailure(Exception failure)
    {
        var baseDirectory = AppContext.BaseDirectory;

        // After a failed load TorchSharp copies the package cache's natives (hundreds of MB) next to the app and
        // retries; they do not help, so they are removed.
        var copied = Path.Combine(baseDirectory, "cpu");
        if (File.Exists(Path.Combine(copied, "libtorch_cpu.so")))
        {
            try
            {
                Directory.Delete(copied, recursive: true);
            }
            catch (IOException)
            {
                // Another process may be using them; the build removes them too.
            }
        }

        var shim = new[] { Path.Combine(baseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so"), Path.Combine(baseDirectory, "libLibTorchSharp.so") }
            .FirstOrDefault(File.Exists);
        if (shim is null)
        {
            return $"TorchSharp could not load libtorch: libLibTorchSharp.so is not in {baseDirectory} (runtimes/linux-x64/native); " +
                $"the app must reference Sluice.Engine so the natives of the TorchSharp and libtorch packages are copied. TorchSharp said: {FirstLine(failure)}";
        }

        string reason;
        try
        {
            NativeLibrary.Free(NativeLibrary.Load(shim));
            reason = $"the loader accepts {shim}, so libtorch itself failed: {FirstLine(failure)}";
        }
        catch (DllNotFoundException e)
        {
            reason = e.Message;
        }

        var hint = reason.Contains("GLIBCXX", StringComparison.Ordinal)
            ? " The system libstdc++ is older than the one TorchSharp was built with (Debian 12 stops at GLIBCXX_3.4.30): the build marks that " +
              "requirement weak in the output's copy (shared/Sluice.Engine/build/TorchSharpOnDebian12.targets). Build again (dotnet build) so the fix runs; see docs/engine.md."
            : "";
        return $"TorchSharp could not load libtorch: {reason}.{hint}";
    }

    private static string FirstLine(Exception e)
    {
        var inner = e;
        while (inner.InnerException is not null)
        {
            inner = inner.InnerException;
        }

        return inner.Message.Split('\n')[0];
    }
}
