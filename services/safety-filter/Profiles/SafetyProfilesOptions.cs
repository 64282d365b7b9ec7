using Sluice.Documents;

namespace Sluice.SafetyFilter;

/// <summary>
/// The rule set of each source profile (configuration <c>SafetyFilter:Profiles</c>). Ingest writes a document's profile
/// to its metadata (<c>profile</c>); a document without one is judged as <see cref="Default"/>. The defaults keep the web
/// rules (Gopher, C4, FineWeb: each was set on web pages) for web text only; docs/profiles.md gives the reasons.
/// </summary>
public sealed class SafetyProfilesOptions
{
    /// <summary>Every rule this stage has, in the order they run.</summary>
    public static readonly IReadOnlyList<string> RuleNames = ["pii", "language", "gopher_repetition", "gopher_quality", "c4_quality", "fineweb_quality", "code_quality", "toxicity"];

    /// <summary>The profile of a document whose metadata names none (or one this stage does not know). Default <c>web</c>.</summary>
    public string Default { get; set; } = SourceProfiles.Web;

    /// <summary>Web pages: every prose rule.</summary>
    public SafetyProfileOptions Web { get; set; } = new() { Rules = "pii,language,gopher_repetition,gopher_quality,c4_quality,fineweb_quality,toxicity" };

    /// <summary>Books: PII, language, Gopher quality and toxicity; no line-based web rules (a book's lines are wrapped prose) and no repetition rule (a long text repeats its names and phrases).</summary>
    public SafetyProfileOptions Book { get; set; } = new() { Rules = "pii,language,gopher_quality,toxicity" };

    /// <summary>Source code: PII, code quality and toxicity; no prose rules.</summary>
    public SafetyProfileOptions Code { get; set; } = new() { Rules = "pii,code_quality,toxicity" };

    /// <summary>Conversations: PII, language, Gopher repetition and toxicity; no rules that expect long paragraphs or punctuated lines.</summary>
    public SafetyProfileOptions Conversation { get; set; } = new() { Rules = "pii,language,gopher_repetition,toxicity" };

    /// <summary>The rule set of a profile by name.</summary>
    public SafetyProfileOptions Of(string profile) => profile switch
    {
        SourceProfiles.Book => Book,
        SourceProfiles.Code => Code,
        SourceProfiles.Conversation => Conversation,
        _ => Web,
    };

    /// <summary>Throws <see cref="ArgumentException"/> naming every unknown profile or rule and every invalid threshold.</summary>
    public void Validate()
    {
        var errors = new List<string>();
        if (!SourceProfiles.IsKnown(Default))
        {
            errors.Add($"Default must be one of {string.Join(", ", SourceProfiles.All)} (is '{Default}').");
        }

        foreach (var name in SourceProfiles.All)
        {
            var profile = Of(name);
            if (profile is null)
            {
                errors.Add($"{name} must be set.");
                continue;
            }

            foreach (var rule in profile.RuleList().Where(r => !RuleNames.Contains(r)))
            {
                errors.Add($"{name}:Rules names '{rule}', which is not a rule ({string.Join(", ", RuleNames)}).");
            }

            foreach (var (section, validate) in new (string, Action?)[]
            {
                ("GopherRepetition", profile.GopherRepetition is null ? null : profile.GopherRepetition.Validate),
                ("GopherQuality", profile.GopherQuality is null ? null : profile.GopherQuality.Validate),
                ("C4", profile.C4 is null ? null : profile.C4.Validate),
                ("FineWeb", profile.FineWeb is null ? null : profile.FineWeb.Validate),
                ("CodeQuality", profile.CodeQuality is null ? null : profile.CodeQuality.Validate),
            })
            {
                try
                {
                    validate?.Invoke();
                }
                catch (ArgumentException e)
                {
                    errors.Add($"{name}:{section}: {e.Message}");
                }
            }
        }

        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors));
        }
    }
}
