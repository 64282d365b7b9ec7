namespace Sluice.Tokenizer;

/// <summary>
/// A pre-tokenization pattern is not a valid regular expression, or uses a construct Sluice cannot run with the
/// meaning it has in tiktoken's regex syntax; the message quotes the pattern and says what is wrong and where.
/// </summary>
public sealed class PreTokenizerPatternException : ArgumentException
{
    /// <summary>Creates the exception for a pattern, the offset of the problem in it (or -1) and a description.</summary>
    public PreTokenizerPatternException(string pattern, int offset, string problem, Exception? inner = null)
        : base($"Invalid pre-tokenization pattern{(offset >= 0 ? $" at offset {offset}" : "")}: {problem}. Pattern: {pattern}", inner)
    {
        Pattern = pattern;
        Offset = offset;
    }

    /// <summary>The pattern as given.</summary>
    public string Pattern { get; }

    /// <summary>Where in <see cref="Pattern"/> the problem is (0-based), or -1 when no position applies.</summary>
    public int Offset { get; }
}
