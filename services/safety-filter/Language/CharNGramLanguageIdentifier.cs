using System.Text;

namespace Sluice.SafetyFilter;

/// <summary>
/// A multinomial naive Bayes language identifier over character 1- to 3-grams (add-one smoothing). Text is lower-cased,
/// every run of non-letters becomes one space, and words are padded with spaces so n-grams see word starts and ends.
/// Training and scoring are deterministic; the model can be saved and loaded (see <see cref="LanguageModelCache"/>).
/// </summary>
public sealed class CharNGramLanguageIdentifier
{
    private const int MaxOrder = 3;
    private const int FormatVersion = 1;

    /// <summary>Scoring reads at most this many normalized characters of a document.</summary>
    private const int MaxScoredChars = 2000;

    /// <summary>Confidence is the posterior computed as if at most this many n-grams had been seen, so long texts do not all read as 1.0.</summary>
    private const double EvidenceCap = 100;

    private readonly string[] languages;
    private readonly Dictionary<ulong, float[]> logProbabilities;
    private readonly float[] unseenLogProbability;

    private CharNGramLanguageIdentifier(string[] languages, Dictionary<ulong, float[]> logProbabilities, float[] unseenLogProbability)
    {
        this.languages = languages;
        this.logProbabilities = logProbabilities;
        this.unseenLogProbability = unseenLogProbability;
    }

    /// <summary>The languages the model knows, in a fixed (ordinal) order.</summary>
    public IReadOnlyList<string> Languages => languages;

    /// <summary>Trains a model from texts labelled by language.</summary>
    /// <exception cref="ArgumentException">No samples, or a language with no letters at all.</exception>
    public static CharNGramLanguageIdentifier Train(IEnumerable<(string Language, string Text)> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var counts = new SortedDictionary<string, Dictionary<ulong, int>>(StringComparer.Ordinal);
        foreach (var (language, text) in samples)
        {
            if (!counts.TryGetValue(language, out var languageCounts))
            {
                counts[language] = languageCounts = [];
            }

            foreach (var gram in NGrams(Normalize(text, int.MaxValue)))
            {
                languageCounts[gram] = languageCounts.GetValueOrDefault(gram) + 1;
            }
        }

        if (counts.Count == 0)
        {
            throw new ArgumentException("Language identifier: no training samples.", nameof(samples));
        }

        var names = counts.Keys.ToArray();
        var vocabulary = counts.Values.SelectMany(c => c.Keys).Distinct().Order().ToArray();
        var table = new Dictionary<ulong, float[]>(vocabulary.Length);
        foreach (var gram in vocabulary)
        {
            table[gram] = new float[names.Length];
        }

        var unseen = new float[names.Length];
        for (var l = 0; l < names.Length; l++)
        {
            var languageCounts = counts[names[l]];
            if (languageCounts.Count == 0)
            {
                throw new ArgumentException($"Language identifier: the samples of '{names[l]}' hold no letters.", nameof(samples));
            }

            var total = (double)languageCounts.Values.Sum(c => (long)c) + vocabulary.Length;
            unseen[l] = (float)Math.Log(1 / total);
            foreach (var gram in vocabulary)
            {
                table[gram][l] = (float)Math.Log((languageCounts.GetValueOrDefault(gram) + 1) / total);
            }
        }

        return new CharNGramLanguageIdentifier(names, table, unseen);
    }

    /// <summary>The most likely language of <paramref name="text"/> and its confidence; <c>und</c> with 0 when the text has no letters.</summary>
    public LanguageGuess Identify(string text)
    {
        var scores = new double[languages.Length];
        var seen = 0;
        foreach (var gram in NGrams(Normalize(text, MaxScoredChars)))
        {
            seen++;
            var row = logProbabilities.GetValueOrDefault(gram) ?? unseenLogProbability;
            for (var l = 0; l < scores.Length; l++)
            {
                scores[l] += row[l];
            }
        }

        if (seen == 0)
        {
            return new LanguageGuess("und", 0);
        }

        var scale = Math.Min(1, EvidenceCap / seen);
        var best = 0;
        for (var l = 1; l < scores.Length; l++)
        {
            if (scores[l] > scores[best])
            {
                best = l;
            }
        }

        var sum = 0.0;
        for (var l = 0; l < scores.Length; l++)
        {
            sum += Math.Exp((scores[l] - scores[best]) * scale);
        }

        return new LanguageGuess(languages[best], 1 / sum);
    }

    /// <summary>Writes the model in a small binary format.</summary>
    public void Save(Stream stream)
    {
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        writer.Write(FormatVersion);
        writer.Write(languages.Length);
        foreach (var language in languages)
        {
            writer.Write(language);
        }

        foreach (var value in unseenLogProbability)
        {
            writer.Write(value);
        }

        writer.Write(logProbabilities.Count);
        foreach (var (gram, row) in logProbabilities.OrderBy(p => p.Key))
        {
            writer.Write(gram);
            foreach (var value in row)
            {
                writer.Write(value);
            }
        }
    }

    /// <summary>Reads a model written by <see cref="Save"/>.</summary>
    /// <exception cref="InvalidDataException">The stream does not hold a model of this format.</exception>
    public static CharNGramLanguageIdentifier Load(Stream stream)
    {
        try
        {
            using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
            var version = reader.ReadInt32();
            if (version != FormatVersion)
            {
                throw new InvalidDataException($"Language model format {version} is not the supported format {FormatVersion}.");
            }

            var names = new string[reader.ReadInt32()];
            for (var l = 0; l < names.Length; l++)
            {
                names[l] = reader.ReadString();
            }

            var unseen = new float[names.Length];
            for (var l = 0; l < names.Length; l++)
            {
                unseen[l] = reader.ReadSingle();
            }

            var count = reader.ReadInt32();
            var table = new Dictionary<ulong, float[]>(count);
            for (var i = 0; i < count; i++)
            {
                var gram = reader.ReadUInt64();
                var row = new float[names.Length];
                for (var l = 0; l < row.Length; l++)
                {
                    row[l] = reader.ReadSingle();
                }

                table[gram] = row;
            }

            return new CharNGramLanguageIdentifier(names, table, unseen);
        }
        catch (EndOfStreamException error)
        {
            throw new InvalidDataException("Language model is truncated.", error);
        }
    }

    /// <summary>Lower-cased letters, each run of non-letters as one space, with a leading and trailing space.</summary>
    private static string Normalize(string text, int maxChars)
    {
        var builder = new StringBuilder(Math.Min(text.Length, maxChars) + 2);
        builder.Append(' ');
        foreach (var c in text)
        {
            if (builder.Length >= maxChars)
            {
                break;
            }

            if (char.IsLetter(c))
            {
                builder.Append(char.ToLowerInvariant(c));
            }
            else if (builder[^1] != ' ')
            {
                builder.Append(' ');
            }
        }

        if (builder[^1] != ' ')
        {
            builder.Append(' ');
        }

        return builder.ToString();
    }

    /// <summary>Every 1-, 2- and 3-gram packed as up to three 21-bit code points; the lone-space 1-gram is skipped.</summary>
    private static IEnumerable<ulong> NGrams(string normalized)
    {
        for (var i = 0; i < normalized.Length; i++)
        {
            ulong packed = 0;
            for (var n = 1; n <= MaxOrder && i + n <= normalized.Length; n++)
            {
                var c = normalized[i + n - 1];
                packed = (packed << 21) | c;
                if (n == 1 && c == ' ')
                {
                    continue;
                }

                // Code points are never 0 after normalization, so n-grams of different lengths never pack alike.
                yield return packed;
            }
        }
    }
}
