using Sluice.Documents;
using Sluice.Ingest.Formats;

namespace Sluice.Ingest.Profiles;

/// <summary>
/// Chooses a document's source profile, first rule that applies wins: the record's own <c>profile</c> field (a known
/// name); the longest configured prefix of the drop key or of the archive entry's path; the file kind (a source-code
/// extension is code, a messages array is a conversation); the length of a .txt / .md document (the profile with
/// <c>MinChars</c>); otherwise web.
/// </summary>
internal sealed class ProfileSelector
{
    private readonly IngestProfilesOptions options;
    private readonly List<(string Prefix, string Profile)> prefixes;
    private readonly (string Profile, int MinChars)? lengthRule;

    public ProfileSelector(IngestProfilesOptions options)
    {
        this.options = options;
        prefixes = SourceProfiles.All.SelectMany(n => options.Of(n).PrefixList().Select(p => (p, n)))
            .OrderByDescending(p => p.p.Length).ThenBy(p => p.p, StringComparer.Ordinal).ToList();
        lengthRule = SourceProfiles.All.Where(n => options.Of(n).MinChars > 0).Select(n => ((string, int)?)(n, options.Of(n).MinChars)).FirstOrDefault();
    }

    /// <summary>The profile of a document of <paramref name="sourceKey"/> found at <paramref name="entry"/> as <paramref name="format"/>.</summary>
    /// <param name="sourceKey">The dropped object's key.</param>
    /// <param name="entry">The archive entry path (nested entries joined by <c>!</c>), empty at top level.</param>
    /// <param name="format">The format the document was read as.</param>
    /// <param name="hint">What the record says or is: its <c>profile</c> field, or <c>conversation</c> for a messages array; null when nothing.</param>
    /// <param name="hintFromRecordField">Whether <paramref name="hint"/> is the record's own field (else the record's shape).</param>
    /// <param name="length">The text's length in characters.</param>
    public ProfileChoice Choose(string sourceKey, string entry, InputFormat format, string? hint, bool hintFromRecordField, int length)
    {
        if (!options.Enabled)
        {
            return new ProfileChoice(SourceProfiles.Web, options.Web, "default");
        }

        if (hintFromRecordField && SourceProfiles.IsKnown(hint))
        {
            return Choice(hint!, "record");
        }

        foreach (var (prefix, profile) in prefixes)
        {
            if (sourceKey.StartsWith(prefix, StringComparison.Ordinal) || EntryPaths(entry).Any(p => p.StartsWith(prefix, StringComparison.Ordinal)))
            {
                return Choice(profile, "prefix:" + prefix);
            }
        }

        if (format == InputFormat.Code)
        {
            return Choice(SourceProfiles.Code, "format");
        }

        if (!hintFromRecordField && SourceProfiles.IsKnown(hint))
        {
            return Choice(hint!, "format");
        }

        if (format is InputFormat.Text or InputFormat.Markdown && lengthRule is { } rule && length >= rule.MinChars)
        {
            return Choice(rule.Profile, "length");
        }

        return Choice(SourceProfiles.Web, "default");
    }

    private ProfileChoice Choice(string profile, string chosenBy) => new(profile, options.Of(profile), chosenBy);

    // An entry nested in archives (a.zip!books/b.txt) is matched by each of its paths.
    private static IEnumerable<string> EntryPaths(string entry) => entry.Length == 0 ? [] : entry.Split('!');
}
