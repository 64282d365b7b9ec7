using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using Sluice.Tokenizer.Bpe;
using Sluice.Tokenizer.PreTokenization;

namespace Sluice.Tokenizer;

/// <summary>
/// A byte-level BPE tokenizer that encodes exactly as tiktoken does for the same ranks, pattern and special tokens.
/// Instances are immutable and thread-safe: share one. <c>EncodeOrdinary</c> into a caller's span allocates nothing.
/// Get the standard encodings with <see cref="TiktokenEncodings"/>; load or train others with
/// <see cref="TokenizerFile"/> and <c>Training.BpeTrainer</c>.
/// </summary>
public sealed class BpeTokenizer
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);

    private readonly PreTokenizer _preTokenizer;
    private readonly Dictionary<int, byte[]> _specialBytes;
    private readonly string[] _specialByLength;
    private readonly Lazy<string> _id;

    internal BpeTokenizer(string name, string pattern, IReadOnlyList<byte[]?> ranks, IReadOnlyDictionary<string, int> specialTokens)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
        Pattern = pattern;
        ArgumentNullException.ThrowIfNull(pattern);
        _preTokenizer = PreTokenizer.ForPattern(pattern);
        Vocabulary = new RankedVocabulary(ranks);
        if (Enumerable.Range(0, 256).Any(b => Vocabulary.RankOfByte((byte)b) < 0))
        {
            throw new ArgumentException($"Tokenizer '{name}' lacks a token for some single byte; a byte-level BPE needs all 256.", nameof(ranks));
        }

        SpecialTokens = new Dictionary<string, int>(specialTokens, StringComparer.Ordinal);
        _specialBytes = new Dictionary<int, byte[]>();
        foreach (var (token, id) in SpecialTokens)
        {
            if (token.Length == 0 || id < 0 || (id < ranks.Count && ranks[id] is not null) || !_specialBytes.TryAdd(id, Encoding.UTF8.GetBytes(token)))
            {
                throw new ArgumentException($"Tokenizer '{name}': special token '{token}' has id {id}, which is negative or already taken.", nameof(specialTokens));
            }
        }

        _specialByLength = SpecialTokens.Keys.OrderByDescending(t => t.Length).ThenBy(t => t, StringComparer.Ordinal).ToArray();
        VocabularySize = Math.Max(ranks.Count, SpecialTokens.Count == 0 ? 0 : SpecialTokens.Values.Max() + 1);
        _id = new Lazy<string>(() => Convert.ToHexStringLower(SHA256.HashData(TokenizerFile.Serialize(this))));
    }

    /// <summary>The encoding's name (e.g. <c>cl100k_base</c>), or the name a trained tokenizer was given.</summary>
    public string Name { get; }

    /// <summary>
    /// The tokenizer's id: lower-case hex SHA-256 of its canonical file (<see cref="TokenizerFile.Serialize"/>), so two
    /// tokenizers with the same pattern, ranks and special tokens have the same id whatever their name.
    /// </summary>
    public string Id => _id.Value;

    /// <summary>
    /// The pre-tokenization pattern in tiktoken's regex syntax: one of <see cref="PreTokenizerPatterns"/> (run by a
    /// hand-written pre-tokenizer) or a custom pattern (run on .NET's regex).
    /// </summary>
    public string Pattern { get; }

    /// <summary>
    /// <see cref="Pattern"/> as .NET's <see cref="System.Text.RegularExpressions.Regex"/> spells it (possessive
    /// quantifiers as atomic groups, tiktoken's Unicode classes as .NET's), so another .NET tokenizer
    /// (Microsoft.ML.Tokenizers' <c>TiktokenTokenizer</c> with a <c>RegexPreTokenizer</c>) splits text exactly as this one does.
    /// </summary>
    public string DotNetPattern => PreTokenization.FancyRegexTranslator.Translate(Pattern);

    /// <summary>Number of token ids: the mergeable ranks and the special tokens (one more than the highest id).</summary>
    public int VocabularySize { get; }

    /// <summary>Number of mergeable (ordinary) ranks.</summary>
    public int MergeableCount => Vocabulary.Count;

    /// <summary>The special tokens and their ids.</summary>
    public IReadOnlyDictionary<string, int> SpecialTokens { get; }

    /// <summary>The id of <c>&lt;|endoftext|&gt;</c>, or -1 when the tokenizer has none.</summary>
    public int EndOfTextToken => SpecialTokens.TryGetValue("<|endoftext|>", out var id) ? id : -1;

    internal RankedVocabulary Vocabulary { get; }

    internal PreTokenizer PreTokenizer => _preTokenizer;

    /// <summary>The byte string of an ordinary rank (empty for an unused rank or a special token id).</summary>
    public ReadOnlySpan<byte> TokenBytes(int id) => (uint)id < (uint)Vocabulary.Count ? Vocabulary.BytesOf(id) : _specialBytes.TryGetValue(id, out var bytes) ? bytes : [];

    /// <summary>
    /// Encodes text in which special tokens are not allowed (tiktoken's default): throws
    /// <see cref="DisallowedSpecialTokenException"/> if the text contains one.
    /// </summary>
    public int[] Encode(string text) => Encode(text, []);

    /// <summary>
    /// Encodes text; occurrences of the special tokens in <paramref name="allowedSpecial"/> become their ids, and any
    /// other special token in the text throws <see cref="DisallowedSpecialTokenException"/> (as tiktoken's
    /// <c>encode(text, allowed_special)</c>).
    /// </summary>
    public int[] Encode(string text, IReadOnlyCollection<string> allowedSpecial)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(allowedSpecial);
        foreach (var special in allowedSpecial)
        {
            if (!SpecialTokens.ContainsKey(special))
            {
                throw new ArgumentException($"'{special}' is not a special token of tokenizer '{Name}'.", nameof(allowedSpecial));
            }
        }

        foreach (var special in _specialByLength)
        {
            if (!allowedSpecial.Contains(special))
            {
                var at = text.IndexOf(special, StringComparison.Ordinal);
                if (at >= 0)
                {
                    throw new DisallowedSpecialTokenException(special, at);
                }
            }
        }

        var tokens = new List<int>(text.Length / 3);
        var start = 0;
        while (start <= text.Length)
        {
            var (at, special) = NextSpecial(text, start, allowedSpecial);
            var end = at < 0 ? text.Length : at;
            EncodeOrdinary(text.AsSpan(start, end - start), tokens);
            if (at < 0)
            {
                break;
            }

            tokens.Add(SpecialTokens[special!]);
            start = at + special!.Length;
        }

        return tokens.ToArray();
    }

    /// <summary>Encodes text with every special token treated as ordinary text (tiktoken's <c>encode_ordinary</c>).</summary>
    public int[] EncodeOrdinary(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = new List<int>(text.Length / 3);
        EncodeOrdinary(text.AsSpan(), tokens);
        return tokens.ToArray();
    }

    /// <summary>
    /// Appends the tokens of <paramref name="text"/> to <paramref name="tokens"/>. Lone surrogates are encoded as
    /// U+FFFD, as JavaScript's and Python's tiktoken bindings do when they turn a string into UTF-8.
    /// </summary>
    public void EncodeOrdinary(ReadOnlySpan<char> text, List<int> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var maxBytes = Encoding.UTF8.GetMaxByteCount(text.Length);
        var bytes = ArrayPool<byte>.Shared.Rent(maxBytes);
        var ids = ArrayPool<int>.Shared.Rent(Math.Max(1, maxBytes));
        try
        {
            var length = Encoding.UTF8.GetBytes(text, bytes);
            var count = EncodeOrdinaryValidUtf8(bytes.AsSpan(0, length), ids);
            tokens.AddRange(ids.AsSpan(0, count));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
            ArrayPool<int>.Shared.Return(ids);
        }
    }

    /// <summary>
    /// Encodes UTF-8 text into <paramref name="destination"/>, which must hold at least one id per input byte (no token
    /// is shorter than a byte); returns the number of ids written. Allocates nothing. Invalid UTF-8 throws.
    /// </summary>
    public int EncodeOrdinary(ReadOnlySpan<byte> utf8, Span<int> destination)
    {
        if (!System.Text.Unicode.Utf8.IsValid(utf8))
        {
            throw new ArgumentException("The input is not valid UTF-8.", nameof(utf8));
        }

        if (destination.Length < utf8.Length)
        {
            throw new ArgumentException($"The destination holds {destination.Length} ids but the input has {utf8.Length} bytes; it needs one id per byte.", nameof(destination));
        }

        return EncodeOrdinaryValidUtf8(utf8, destination);
    }

    /// <summary>Number of tokens <see cref="EncodeOrdinary(string)"/> would return.</summary>
    public int CountTokens(ReadOnlySpan<char> text)
    {
        var maxBytes = Encoding.UTF8.GetMaxByteCount(text.Length);
        var bytes = ArrayPool<byte>.Shared.Rent(maxBytes);
        var ids = ArrayPool<int>.Shared.Rent(Math.Max(1, maxBytes));
        try
        {
            var length = Encoding.UTF8.GetBytes(text, bytes);
            return EncodeOrdinaryValidUtf8(bytes.AsSpan(0, length), ids);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
            ArrayPool<int>.Shared.Return(ids);
        }
    }

    /// <summary>The bytes of a token sequence. An id that is neither a rank nor a special token throws.</summary>
    public byte[] DecodeBytes(ReadOnlySpan<int> tokens)
    {
        var output = new ArrayBufferWriter<byte>(Math.Max(16, tokens.Length * 4));
        foreach (var token in tokens)
        {
            var bytes = TokenBytes(token);
            if (bytes.IsEmpty)
            {
                throw new ArgumentOutOfRangeException(nameof(tokens), token, $"Token id {token} is not in tokenizer '{Name}' (vocabulary size {VocabularySize}).");
            }

            output.Write(bytes);
        }

        return output.WrittenSpan.ToArray();
    }

    /// <summary>Decodes tokens to text; byte sequences that are not valid UTF-8 become U+FFFD, as tiktoken's decoders do.</summary>
    public string Decode(ReadOnlySpan<int> tokens) => Encoding.UTF8.GetString(DecodeBytes(tokens));

    /// <summary>Decodes tokens whose bytes must be valid UTF-8; throws <see cref="DecoderFallbackException"/> otherwise.</summary>
    public string DecodeStrict(ReadOnlySpan<int> tokens) => StrictUtf8.GetString(DecodeBytes(tokens));

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({VocabularySize} ids)";

    internal int EncodeOrdinaryValidUtf8(ReadOnlySpan<byte> utf8, Span<int> destination)
    {
        var count = 0;
        var start = 0;
        var vocabulary = Vocabulary;
        MergeCache? cache = null;
        if (_preTokenizer is HandWrittenPreTokenizer preTokenizer)
        {
            while (start < utf8.Length)
            {
                var end = preTokenizer.NextPieceEnd(utf8, start);
                count = BytePairMerger.Encode(vocabulary, utf8[start..end], destination, count, ref cache);
                start = end;
            }

            return count;
        }

        var ends = ArrayPool<int>.Shared.Rent(Math.Max(1, utf8.Length));
        try
        {
            var pieces = _preTokenizer.PieceEnds(utf8, ends);
            for (var i = 0; i < pieces; i++)
            {
                count = BytePairMerger.Encode(vocabulary, utf8[start..ends[i]], destination, count, ref cache);
                start = ends[i];
            }

            return count;
        }
        finally
        {
            ArrayPool<int>.Shared.Return(ends);
        }
    }

    private (int At, string? Special) NextSpecial(string text, int start, IReadOnlyCollection<string> allowed)
    {
        var best = -1;
        string? bestToken = null;
        foreach (var special in _specialByLength)
        {
            if (!allowed.Contains(special))
            {
                continue;
            }

            var at = text.IndexOf(special, start, StringComparison.Ordinal);
            if (at >= 0 && (best < 0 || at < best))
            {
                best = at;
                bestToken = special;
            }
        }

        return (best, bestToken);
    }
}
