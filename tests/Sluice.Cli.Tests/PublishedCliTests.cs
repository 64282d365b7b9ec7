using System.Diagnostics;
using System.Text;
using Sluice.Testing;

namespace Sluice.Cli.Tests;

/// <summary>
/// The CLI published to a folder outside the repository and run from another folder with no settings: it carries
/// everything it reads (the standard vocabularies, the word lists) and looks for nothing in the checkout.
/// </summary>
public sealed class PublishedCliTests : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "sluice-published-" + Guid.NewGuid().ToString("N"));

    /// <inheritdoc />
    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public async Task Published_to_a_folder_outside_the_repository_it_encodes_and_runs_the_pipeline_from_anywhere()
    {
        var program = Path.Combine(root, "program");
        var work = Path.Combine(root, "somewhere-else");
        Directory.CreateDirectory(Path.Combine(work, "drop"));
        var configuration = Path.GetFileName(Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)))!;
        var (published, publishOutput) = await RunAsync("dotnet", ["publish", Path.Combine(RepoLayout.Root, "cli", "Sluice.Cli.csproj"), "-c", configuration, "--no-build", "--nologo", "-o", program], RepoLayout.Root);
        Assert.True(published == 0, publishOutput);
        Assert.False(Path.GetFullPath(program).StartsWith(RepoLayout.Root, StringComparison.Ordinal));
        await File.WriteAllTextAsync(Path.Combine(work, "hello.txt"), "Hello, world! The quick brown fox.");
        foreach (var (name, text) in BrownCorpus.Documents().Take(4))
        {
            await File.WriteAllTextAsync(Path.Combine(work, "drop", name + ".txt"), text);
        }

        var sluice = Path.Combine(program, "sluice.dll");
        var (encoded, ids) = await RunAsync("dotnet", [sluice, "tokenizer", "encode", "--encoding", "cl100k_base", "--json", "hello.txt"], work);
        Assert.True(encoded == 0, ids);
        Assert.Equal("[9906,11,1917,0,578,4062,14198,39935,13]", ids.Trim());

        var (ran, output) = await RunAsync("dotnet", [sluice, "run", "drop"], work);
        Assert.True(ran == 0, output);
        Assert.Contains("run completed", output, StringComparison.Ordinal);
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(work, ".sluice", "tokens"), "*.bin", SearchOption.AllDirectories));
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string file, IReadOnlyList<string> arguments, string workingDirectory)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Nothing from the test's environment may point the program at the checkout.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("SLUICE_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}");
        var output = new StringBuilder();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        output.Append(await stdout).Append(await stderr);
        return (process.ExitCode, output.ToString());
    }
}
