namespace Sluice.Tokenizer.Shards;

/// <summary>A token shard or its document index is malformed; the message names the file and what is wrong.</summary>
public sealed class TokenShardFormatException : IOException
{
    /// <summary>Creates the exception for a file and a description of the problem.</summary>
    public TokenShardFormatException(string path, string problem)
        : base($"Token shard {path}: {problem}")
    {
        FilePath = path;
    }

    /// <summary>The file that is malformed.</summary>
    public string FilePath { get; }
}
