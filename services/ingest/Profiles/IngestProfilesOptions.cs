using Sluice.Documents;

namespace Sluice.Ingest.Profiles;

/// <summary>
/// The source profiles ingest chooses from (configuration <c>Ingest:Profiles</c>): how each is recognised and how its
/// text is standardized and split. The chosen profile is written to every document's metadata (<c>profile</c>), where
/// the safety filter picks its rule set by it. Defaults and their sources are in docs/profiles.md.
/// </summary>
public sealed class IngestProfilesOptions
{
    /// <summary>Choose profiles at all; when false every document is <c>web</c> and nothing is split. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Web pages, and every document no rule placed elsewhere.</summary>
    public IngestProfileOptions Web { get; set; } = new() { Prefixes = "web/" };

    /// <summary>Books: by prefix, or any .txt / .md of 100,000 characters or more; split at chapters into documents of at most 60,000 characters.</summary>
    public IngestProfileOptions Book { get; set; } = new() { Prefixes = "books/", Split = TextSplit.Chapters, MinChars = 100_000 };

    /// <summary>Source code: by prefix or by a source-code extension (.py, .cs, .js, …); indentation kept.</summary>
    public IngestProfileOptions Code { get; set; } = new() { Prefixes = "code/", KeepIndentation = true };

    /// <summary>Conversations: by prefix, or a JSON record holding a <c>messages</c> or <c>conversations</c> array instead of text.</summary>
    public IngestProfileOptions Conversation { get; set; } = new() { Prefixes = "conversations/,chat/" };

    /// <summary>The options of a profile by name.</summary>
    public IngestProfileOptions Of(string profile) => profile switch
    {
        SourceProfiles.Book => Book,
        SourceProfiles.Code => Code,
        SourceProfiles.Conversation => Conversation,
        _ => Web,
    };

    /// <summary>Problems with the settings, one sentence each.</summary>
    public IEnumerable<string> Problems()
    {
        foreach (var name in SourceProfiles.All)
        {
            var profile = Of(name);
            if (profile is null)
            {
                yield return $"Profiles:{name} must be set.";
                continue;
            }

            if (profile.MaxDocumentChars < 1_000)
            {
                yield return $"Profiles:{name}:MaxDocumentChars must be at least 1000 (is {profile.MaxDocumentChars}).";
            }

            if (profile.MinChars < 0)
            {
                yield return $"Profiles:{name}:MinChars must not be negative (is {profile.MinChars}).";
            }

            foreach (var prefix in profile.PrefixList())
            {
                if (prefix.StartsWith('/'))
                {
                    yield return $"Profiles:{name}:Prefixes: '{prefix}' must not start with '/' (keys are relative to the drop bucket).";
                }
            }
        }

        var lengthRules = SourceProfiles.All.Where(n => Of(n) is { MinChars: > 0 }).ToList();
        if (lengthRules.Count > 1)
        {
            yield return $"Only one profile may set MinChars (set by {string.Join(", ", lengthRules)}).";
        }

        var prefixes = SourceProfiles.All.Where(n => Of(n) is not null).SelectMany(n => Of(n).PrefixList().Select(p => (Prefix: p, Profile: n)))
            .GroupBy(p => p.Prefix, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (prefixes is not null)
        {
            yield return $"The prefix '{prefixes.Key}' chooses more than one profile ({string.Join(", ", prefixes.Select(p => p.Profile))}).";
        }
    }

    /// <summary>The settings that change output, for the configuration hash.</summary>
    public string Canonical() =>
        $"profiles_enabled={Enabled};" + string.Join(";", SourceProfiles.All.Select(n => $"{n}:{Of(n).Canonical()}"));
}
