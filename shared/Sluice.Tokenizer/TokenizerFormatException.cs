namespace Sluice.Tokenizer;

/// <summary>A tokenizer file is malformed; the message names the file and what is wrong.</summary>
public sealed class TokenizerFormatException : IOException
{
    /// <summary>Creates the exception for a file and a description of the problem.</summary>
    public TokenizerFormatException(string path, string problem, Exception? inner = null)
        : base($"Tokenizer file {path}: {problem}", inner)
    {
        FilePath = path;
    }

    /// <summary>The file that is malformed.</summary>
    public string FilePath { get; }
}
