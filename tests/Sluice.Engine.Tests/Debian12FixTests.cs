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

    [Fact]
    public async Task Without_the_fix_sluice_names_the_loader_s_reason_in_one_line_and_leaves_no_copied_natives()
    {
        // sluice as built, except the shim: the package's unpatched one. The managed files are copied (the host
        // resolves a linked app to its real folder); libtorch's libraries are linked.
        var app = Path.Combine(folder, "app");
        foreach (var file in Directory.GetFiles(AppContext.BaseDirectory, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(AppContext.BaseDirectory, file);
            var target = Path.Combine(app, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            if (Path.GetFileName(file) == Shim)
            {
                File.Copy(PackageShim(), target);
            }
            else if (relative.StartsWith("runtimes", StringComparison.Ordinal))
            {
                File.CreateSymbolicLink(target, file);
            }
            else
            {
                File.Copy(file, target);
            }
        }

        var tokens = BrownTokenShards.WriteGpt2(Path.Combine(folder, "tokens"), 2, 1);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { Path.Combine(app, "sluice.dll"), "train", "--tokens", tokens, "--config", "gpt2-tiny", "--out", Path.Combine(folder, "run"), "--steps", "1", "--sequence", "16", "--batch-size", "1", "--threads", "1" })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdoutRead = process.StandardOutput.ReadToEndAsync();
        var stderr = await process.StandardError.ReadToEndAsync();
        var stdout = await stdoutRead;
        await process.WaitForExitAsync();
        var systemLacks = File.ReadAllBytes("/usr/lib/x86_64-linux-gnu/libstdc++.so.6").AsSpan().IndexOf("GLIBCXX_3.4.32\0"u8) < 0;
        if (systemLacks)
        {
            Assert.Equal(1, process.ExitCode);
            var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith("sluice train: TorchSharp could not load libtorch: ", line);
            Assert.Contains("GLIBCXX_3.4.32", line);
            Assert.Contains("docs/engine.md", line);
            Assert.False(Directory.Exists(Path.Combine(app, "cpu")), "the package cache's natives copied by TorchSharp's retry are removed");
        }
        else
        {
            // A libstdc++ with the version loads the package's shim as it is.
            Assert.True(process.ExitCode == 0, stderr);
            Assert.Contains("done: step 1", stdout);
        }
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
