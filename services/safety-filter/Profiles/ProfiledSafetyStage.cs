using System.Text.Json.Nodes;
using Sluice.Documents;

namespace Sluice.SafetyFilter;

/// <summary>
/// The safety filter with one rule set per source profile: each document goes through the rules of the profile its
/// metadata names (<c>profile</c>, written by ingest), or of the default profile when it names none this stage knows.
/// </summary>
public sealed class ProfiledSafetyStage
{
    private readonly IReadOnlyDictionary<string, SafetyStage> stages;
    private readonly string defaultProfile;
    private readonly Dictionary<string, long> documentsByProfile = new(StringComparer.Ordinal);

    /// <summary>Creates the stage over one <see cref="SafetyStage"/> per profile.</summary>
    public ProfiledSafetyStage(IReadOnlyDictionary<string, SafetyStage> stages, string defaultProfile)
    {
        ArgumentNullException.ThrowIfNull(stages);
        if (!stages.ContainsKey(defaultProfile))
        {
            throw new ArgumentException($"There is no rule set for the default profile '{defaultProfile}'.", nameof(defaultProfile));
        }

        this.stages = stages;
        this.defaultProfile = defaultProfile;
    }

    /// <summary>The rule set of each profile.</summary>
    public IReadOnlyDictionary<string, SafetyStage> Stages => stages;

    /// <summary>How many documents each profile's rules judged.</summary>
    public IReadOnlyDictionary<string, long> DocumentsByProfile => documentsByProfile;

    /// <summary>The profile whose rules judge a document with <paramref name="metadata"/>.</summary>
    public string ProfileOf(JsonObject metadata) =>
        metadata[SourceProfiles.MetadataKey] is JsonValue value && value.TryGetValue<string>(out var name) && stages.ContainsKey(name) ? name : defaultProfile;

    /// <summary>Runs the document's profile's rules on it.</summary>
    /// <exception cref="InvalidDocumentException">The document's metadata is not a JSON object.</exception>
    public StageOutcome Process(SafetyDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var metadata = SafetyStage.ParseMetadata(document);
        var profile = ProfileOf(metadata);
        documentsByProfile[profile] = documentsByProfile.GetValueOrDefault(profile) + 1;
        return stages[profile].Process(document, metadata);
    }
}
