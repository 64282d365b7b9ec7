using System.Text;
using System.Text.Json;

namespace Sluice.SafetyFilter;

/// <summary>
/// One language's list of flagged words and phrases (the LDNOOBW lists shipped by npm <c>naughty-words</c> as
/// <c>&lt;language&gt;.json</c>), matched on word boundaries, case-insensitively, multi-word entries included.
/// </summary>
public sealed class FlaggedWordList
{
    private readonly HashSet<string> singleWords = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string[]>> phrasesByFirstWord = new(StringComparer.Ordinal);

    private FlaggedWordList(string language, IEnumerable<string> entries)
    {
        Language = language;
        foreach (var entry in entries)
        {
            var words = Tokenize(entry).ToArray();
            // Entries that use symbols as letters (such as "a$$") cannot be matched on word boundaries and are left out.
            if (words.Length == 0 || string.Join(' ', words) != NormalizeEntry(entry))
            {
                SkippedEntries++;
                continue;
            }

            if (words.Length == 1)
            {
                singleWords.Add(words[0]);
            }
            else
            {
                if (!phrasesByFirstWord.TryGetValue(words[0], out var phrases))
                {
                    phrasesByFirstWord[words[0]] = phrases = [];
                }

                phrases.Add(words);
            }
        }

        EntryCount = singleWords.Count + phrasesByFirstWord.Values.Sum(p => p.Count);
    }

    /// <summary>The list's language code (the JSON file's name).</summary>
    public string Language { get; }

    /// <summary>Entries that can be matched.</summary>
    public int EntryCount { get; }

    /// <summary>Entries left out because they are not plain words.</summary>
    public int SkippedEntries { get; }

    /// <summary>Loads <c>&lt;folder&gt;/&lt;language&gt;.json</c>, a JSON array of strings.</summary>
    /// <exception cref="FileNotFoundException">The list does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not a JSON array of strings.</exception>
    public static FlaggedWordList Load(string folder, string language)
    {
        var path = Path.Combine(folder, language + ".json");
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"No flagged-word list for language '{language}' at {path}", path);
        }

        try
        {
            var entries = JsonSerializer.Deserialize<string[]>(File.ReadAllText(path, Encoding.UTF8))
                ?? throw new InvalidDataException($"Flagged-word list {path} is empty (null)");
            return new FlaggedWordList(language, entries);
        }
        catch (JsonException error)
        {
            throw new InvalidDataException($"Flagged-word list {path} is not a JSON array of strings: {error.Message}", error);
        }
    }

    /// <summary>Builds a list from entries held in memory.</summary>
    public static FlaggedWordList FromEntries(string language, IEnumerable<string> entries) => new(language, entries);

    /// <summary>Counts the words of <paramref name="words"/> covered by flagged entries.</summary>
    internal int CountFlaggedWords(IReadOnlyList<string> words)
    {
        var flagged = 0;
        for (var i = 0; i < words.Count; i++)
        {
            var longest = singleWords.Contains(words[i]) ? 1 : 0;
            if (phrasesByFirstWord.TryGetValue(words[i], out var phrases))
            {
                foreach (var phrase in phrases)
                {
                    if (phrase.Length > longest && StartsAt(words, i, phrase))
                    {
                        longest = phrase.Length;
                    }
                }
            }

            if (longest > 0)
            {
                flagged += longest;
                i += longest - 1;
            }
        }

        return flagged;
    }

    /// <summary>Lower-cased words: runs of letters and digits, with apostrophes inside a word kept.</summary>
    internal static List<string> Tokenize(string text)
    {
        var words = new List<string>();
        var builder = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsLetterOrDigit(c) || char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.NonSpacingMark or System.Globalization.UnicodeCategory.SpacingCombiningMark
                || (c is '\'' or '’' && builder.Length > 0 && i + 1 < text.Length && char.IsLetter(text[i + 1])))
            {
                builder.Append(char.ToLowerInvariant(c));
            }
            else if (builder.Length > 0)
            {
                words.Add(builder.ToString());
                builder.Clear();
            }
        }

        if (builder.Length > 0)
        {
            words.Add(builder.ToString());
        }

        return words;
    }

    private static string NormalizeEntry(string entry) =>
        string.Join(' ', entry.ToLowerInvariant().Replace('-', ' ').Split(' ', StringSplitOptions.RemoveEmptyEntries));

    private static bool StartsAt(IReadOnlyList<string> words, int at, string[] phrase)
    {
        if (at + phrase.Length > words.Count)
        {
            return false;
        }

        for (var k = 1; k < phrase.Length; k++)
        {
            if (!string.Equals(words[at + k], phrase[k], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}
