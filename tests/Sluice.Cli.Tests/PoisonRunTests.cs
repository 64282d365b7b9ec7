using System.Security.Cryptography;
using Sluice.Documents;
using Sluice.Testing;

namespace Sluice.Cli.Tests;

/// <summary>
/// The whole poison catalogue dropped together with good files into one embedded run (with the catalogue's small
/// limits): every bad file is quarantined with its reason, the good files are trained on, the run succeeds, and
/// nothing is written outside the lake.
/// </summary>
public sealed class PoisonRunTests : IDisposable
{
    private readonly string root = RepoLayout.NewTempFolder("poison-run");

    /// <inheritdoc />
    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public async Task Every_bad_file_is_quarantined_with_its_reason_and_the_good_files_in_the_same_drop_complete()
    {
        var drop = Path.Combine(root, "drop");
        var lake = Path.Combine(root, "lake");
        var poisons = PoisonInputs.All();
        foreach (var poison in poisons)
        {
            var path = Path.Combine(drop, poison.Name);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllBytesAsync(path, poison.Bytes);
        }

        var good = BrownCorpus.Documents().Skip(70).Take(3).ToList();
        foreach (var (name, text) in good)
        {
            await File.WriteAllTextAsync(Path.Combine(drop, name + ".txt"), text);
        }

        // Names the store cannot use are quarantined too: a hidden file and a symbolic link.
        await File.WriteAllTextAsync(Path.Combine(drop, ".hidden.txt"), good[0].Text);
        File.CreateSymbolicLink(Path.Combine(drop, "link.txt"), Path.Combine(drop, good[0].Name + ".txt"));
        var before = Snapshot(root);

        var settings = PoisonInputs.SmallLimits.SelectMany(l => new[] { "--set", $"Ingest:{l.Key}={l.Value}" }).ToArray();
        var (code, output, error) = await RunLake.SluiceAsync(["run", drop, "--lake", lake, .. settings]);

        Assert.True(code == 0, output + error);
        var rejected = Directory.GetFiles(Path.Combine(lake, "rejected", "ingest"), "*.parquet", SearchOption.AllDirectories)
            .SelectMany(f =>
            {
                using var stream = File.OpenRead(f);
                return DocumentShardReader.ReadRejected(stream, f).ToList();
            })
            .ToList();
        foreach (var poison in poisons)
        {
            Assert.True(rejected.Any(r => r.Source == poison.Name && r.Reason == poison.Reason),
                $"{poison.Kind} ({poison.Name}): expected {poison.Reason}, got {string.Join(", ", rejected.Where(r => r.Source == poison.Name).Select(r => r.Reason))}");
        }

        Assert.Contains(rejected, r => r.Source == ".hidden.txt" && r.Reason == "invalid-key");
        Assert.Contains(rejected, r => r.Source == "link.txt" && r.Reason == "invalid-key");

        // The good files went all the way: cleaned, tokenized and trained on.
        var clean = Directory.GetFiles(Path.Combine(lake, "docs", "clean"), "*.parquet").SelectMany(f =>
        {
            using var stream = File.OpenRead(f);
            return DocumentShardReader.ReadDocuments(stream, f).ToList();
        }).ToList();
        Assert.Equal(good.Select(g => g.Name + ".txt").Order(StringComparer.Ordinal), clean.Select(d => d.Source).Where(s => !s.StartsWith("poison/", StringComparison.Ordinal)).Distinct().Order(StringComparer.Ordinal));
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(lake, "checkpoints"), "manifest.json", SearchOption.AllDirectories));

        // Nothing outside the lake changed or appeared: not the dropped files, not beside them, not where a crafted
        // member name points.
        var after = Snapshot(root);
        Assert.DoesNotContain(before, b => !after.TryGetValue(b.Key, out var hash) || hash != b.Value);
        Assert.DoesNotContain(after.Keys.Except(before.Keys), k => !k.StartsWith("lake" + Path.DirectorySeparatorChar, StringComparison.Ordinal));
        Assert.False(File.Exists("/etc/evil.txt"));
        Assert.Empty(Directory.GetFiles(root, "evil.txt", SearchOption.AllDirectories));
    }

    private static Dictionary<string, string> Snapshot(string folder) =>
        Directory.GetFiles(folder, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
            .ToDictionary(f => Path.GetRelativePath(folder, f), f => new FileInfo(f).LinkTarget ?? Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(f))), StringComparer.Ordinal);
}
