using System.Text.RegularExpressions;
using Sluice.Testing;

namespace Sluice.Cli.Tests;

/// <summary>docs/reliability.md lists the poison catalogue the tests drop, kind by kind, with the same reasons.</summary>
public sealed partial class ReliabilityDocTests
{
    [Fact]
    public void The_poison_table_matches_the_catalogue()
    {
        var text = File.ReadAllText(Path.Combine(RepoLayout.Root, "docs", "reliability.md"));
        var rows = Row().Matches(text).Select(m => (Kind: m.Groups[1].Value.Trim(), Name: m.Groups[2].Value, Reason: m.Groups[3].Value)).ToList();
        var catalogue = PoisonInputs.All().Select(p => (p.Kind, p.Name, p.Reason)).ToList();
        Assert.Equal(catalogue, rows.Take(catalogue.Count));
    }

    [GeneratedRegex(@"(?m)^\| \d+ \| ([^|]+) \| `([^`]+)` \| `([a-z-]+)` \|")]
    private static partial Regex Row();
}
