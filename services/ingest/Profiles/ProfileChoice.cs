namespace Sluice.Ingest.Profiles;

/// <summary>The profile chosen for a document and the rule that chose it (written to metadata as <c>profile</c> and <c>profile_by</c>).</summary>
/// <param name="Name">The profile's name (<see cref="Sluice.Documents.SourceProfiles"/>).</param>
/// <param name="Options">The profile's ingest settings.</param>
/// <param name="ChosenBy">Which rule chose it: <c>record</c>, <c>prefix:&lt;prefix&gt;</c>, <c>format</c>, <c>length</c> or <c>default</c>.</param>
internal sealed record ProfileChoice(string Name, IngestProfileOptions Options, string ChosenBy);
