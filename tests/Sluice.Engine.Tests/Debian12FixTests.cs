using System.Diagnostics;
using Sluice.Testing;

namespace Sluice.Engine.Tests;

/// <summary>
/// The build's fix for Debian 12 (shared/Sluice.Engine/build/TorchSharpOnDebian12.targets): TorchSharp's shim gets its
/// GLIBCXX_3.4.32 requirement marked weak, in build outputs only, only when the system libstdc++ lacks that version,
/// and only once.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class Debian12FixTests : IDisposable
{
    private const string Shim = "libLibTorchSharp.so";
    private readonly string folder = RepoLayout.NewTempFolder("engine-glibcxx");

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void The_fix_flips_one_flag_bit_when_the_system_lacks_the_version_and_is_idempotent()
    {
        var original = File.ReadAllBytes(PackageShim());
        var library = Path.Combine(folder, Shim);
        File.WriteAllBytes(library, original);

        // A system libstdc++ without the version: exactly one byte changes, by VER_FLG_WEAK (0x2).
        var older = Path.Combine(folder, "libstdc++-without.so");
        File.WriteAllBytes(older, "GLIBCXX_3.4.30\0GLIBCXX_3.4.31\0"u8.ToArray());
        RunFix(library, older);
        var patched = File.ReadAllBytes(library);
        var changed = Enumerable.Range(0, original.Length).Where(i => original[i] != patched[i]).ToList();
        var at = Assert.Single(changed);
        Assert.Equal(original[at] | 0x2, patched[at]);

        // Running it again leaves the file as it is, contents and time stamp.
        var stamp = File.GetLastWriteTimeUtc(library);
        RunFix(library, older);
        Assert.Equal(patched, File.ReadAllBytes(library));
        Assert.Equal(stamp, File.GetLastWriteTimeUtc(library));

        // A system libstdc++ that has the version needs no fix: the package's file stays untouched.
        File.WriteAllBytes(library, original);
        var newer = Path.Combine(folder, "libstdc++-with.so");
        File.WriteAllBytes(newer, "GLIBCXX_3.4.31\0GLIBCXX_3.4.32\0"u8.ToArray());
        RunFix(library, newer);
        Assert.Equal(original, File.ReadAllBytes(library));
    }

    [Fact]
    public void This_build_output_carries_the_fix_exactly_when_this_system_needs_it()
    {
        var systemLacks = File.ReadAllBytes("/usr/lib/x86_64-linux-gnu/libstdc++.so.6").AsSpan().IndexOf("GLIBCXX_3.4.32\0"u8) < 0;
        var built = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", Shim));
        var package = File.ReadAllBytes(PackageShim());
        Assert.Equal(package.Length, built.Length);
        var differing = Enumerable.Range(0, package.Length).Count(i => package[i] != built[i]);
        Assert.Equal(systemLacks ? 1 : 0, differing);

        // The package cache itself is never patched.
        Assert.Equal(package.Length, new FileInfo(PackageShim()).Length);
    }

    private static string PackageShim()
    {
        var root = Environment.GetEnvironmentVariable("NUGET_PACKAGES") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var shim = Path.Combine(root, "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", Shim);
        Assert.True(File.Exists(shim), $"{shim} is missing: restore the solution first");
        return shim;
    }

    private void RunFix(string library, string systemLibrary)
    {
        var project = Path.Combine(folder, "fix.proj");
        File.WriteAllText(project, $"""
            <Project>
              <Import Project="{Path.Combine(RepoLayout.Root, "shared", "Sluice.Engine", "build", "TorchSharpOnDebian12.targets")}" />
              <Target Name="Fix">
                <WeakenElfVersionRequirements Libraries="{library}" Versions="GLIBCXX_3.4.32" SystemLibrary="{systemLibrary}" />
              </Target>
            </Project>
            """);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "msbuild", project, "-t:Fix", "-nologo", "-v:q", "-nodeReuse:false" })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"dotnet msbuild failed: {stdout.Result}{stderr}");
    }
}
