using System.CommandLine;

namespace Sluice.Cli;

/// <summary>
/// <c>--set Section:Key=value</c>, repeatable: settings for a command that runs stages in this process, over the
/// environment's (<c>Section__Key</c> is accepted too, as the environment variable is spelled).
/// </summary>
internal static class SettingsOption
{
    /// <summary>The option.</summary>
    public static Option<string[]> Create() => new("--set")
    {
        Description = "A setting for this run, Section:Key=value (as the environment variable Section__Key), e.g. Ingest:MaxRecordBytes=65536. Repeatable.",
        AllowMultipleArgumentsPerToken = false,
    };

    /// <summary>The settings given, by configuration key; null (after writing why to <paramref name="error"/>) when one is malformed.</summary>
    public static async Task<Dictionary<string, string?>?> ParseAsync(IEnumerable<string>? values, string verb, TextWriter error)
    {
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var pair in values ?? [])
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                await error.WriteLineAsync($"sluice {verb}: --set takes Section:Key=value, not '{pair}'.");
                return null;
            }

            settings[pair[..equals].Trim().Replace("__", ":", StringComparison.Ordinal)] = pair[(equals + 1)..];
        }

        return settings;
    }
}
