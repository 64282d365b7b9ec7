using System.Collections.Concurrent;

namespace Sluice.Tokenizer.PreTokenization;

/// <summary>
/// Splits UTF-8 text into the pieces BPE works on. The three tiktoken patterns have hand-written pre-tokenizers
/// (<see cref="HandWrittenPreTokenizer"/>); any other pattern runs on .NET's regex (<see cref="RegexPreTokenizer"/>).
/// Pieces always tile the text: nothing is dropped. Immutable and thread-safe.
/// </summary>
internal abstract class PreTokenizer
{
    // Translating and compiling a custom pattern takes a fraction of a second (its classes spell out their code
    // points above U+FFFF); a process compiles each pattern once and shares it (regexes are thread-safe).
    private static readonly ConcurrentDictionary<string, RegexPreTokenizer> CompiledPatterns = new(StringComparer.Ordinal);

    /// <summary>The pattern, as written in tiktoken's (Rust <c>fancy-regex</c>) syntax.</summary>
    public abstract string Pattern { get; }

    /// <summary>
    /// Writes the end (exclusive, in bytes) of every piece of <paramref name="text"/> to <paramref name="ends"/>, in
    /// order, and returns the number of pieces. <paramref name="ends"/> needs one slot per byte of text.
    /// </summary>
    public abstract int PieceEnds(ReadOnlySpan<byte> text, Span<int> ends);

    /// <summary>
    /// The pre-tokenizer for a pattern: the hand-written one for a tiktoken pattern, otherwise the pattern compiled
    /// for .NET's regex. Throws <see cref="PreTokenizerPatternException"/> for a pattern that is not a valid regex.
    /// </summary>
    public static PreTokenizer ForPattern(string pattern) => pattern switch
    {
        PreTokenizerPatterns.Gpt2 => R50kPreTokenizer.Instance,
        PreTokenizerPatterns.Cl100k => Cl100kPreTokenizer.Instance,
        PreTokenizerPatterns.O200k => O200kPreTokenizer.Instance,
        _ => CompiledPatterns.GetOrAdd(pattern, static p => new RegexPreTokenizer(p)),
    };
}
