using System.Reflection;
using System.Runtime.InteropServices;

namespace Sluice.Engine.Native;

/// <summary>
/// Finds <c>libsluice_engine.so</c>: the path in <c>SLUICE_ENGINE_LIBRARY</c>, next to the application, or the CMake
/// build folder of a source checkout (<c>shared/native/build</c>). A missing library is a clear error, not a crash.
/// </summary>
internal static class NativeLibraryLocator
{
    private const string FileName = "libsluice_engine.so";
    private static int registered;

    public static void Register()
    {
        if (Interlocked.Exchange(ref registered, 1) == 0)
        {
            NativeLibrary.SetDllImportResolver(typeof(NativeLibraryLocator).Assembly, Resolve);
        }
    }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (name != NativeMethods.Library)
        {
            return IntPtr.Zero;
        }

        foreach (var candidate in Candidates())
        {
            if (File.Exists(candidate))
            {
                return NativeLibrary.Load(candidate);
            }
        }

        throw new DllNotFoundException(
            $"The native engine {FileName} was not found (looked in: {string.Join(", ", Candidates())}). " +
            "Build it with scripts/setup.sh (CMake, shared/native) or set SLUICE_ENGINE_LIBRARY to its path.");
    }

    private static IEnumerable<string> Candidates()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("SLUICE_ENGINE_LIBRARY");
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            yield return fromEnvironment;
        }

        yield return Path.Combine(AppContext.BaseDirectory, FileName);
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Sluice.slnx")))
            {
                yield return Path.Combine(dir.FullName, "shared", "native", "build", FileName);
                yield break;
            }
        }
    }
}
