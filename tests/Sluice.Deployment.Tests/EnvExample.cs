using System.Text.RegularExpressions;
using Sluice.Testing;

namespace Sluice.Deployment.Tests;

/// <summary>The variables <c>.env.example</c> and <c>docker-compose.yml</c> name.</summary>
internal static partial class EnvExample
{
    public static IReadOnlyList<string> VariableNames() =>
        File.ReadAllLines(Path.Combine(RepoLayout.Root, ".env.example"))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split('=')[0])
            .ToList();

    public static IReadOnlyDictionary<string, string> Assignments() =>
        File.ReadAllLines(Path.Combine(RepoLayout.Root, ".env.example"))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .ToDictionary(l => l.Split('=')[0], l => l[(l.IndexOf('=', StringComparison.Ordinal) + 1)..]);

    public static IReadOnlySet<string> ReferencedByCompose() =>
        Reference().Matches(File.ReadAllText(Path.Combine(RepoLayout.Root, "docker-compose.yml"))).Select(m => m.Groups[1].Value).ToHashSet();

    [GeneratedRegex(@"\$\{([A-Z0-9_]+)")]
    private static partial Regex Reference();
}
