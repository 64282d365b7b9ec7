namespace Sluice.Parquet;

/// <summary>Thrown when a file is not valid Parquet, or is damaged or truncated; names the file and what is wrong.</summary>
public sealed class ParquetFormatException : IOException
{
    /// <summary>Creates the exception for <paramref name="fileName"/>.</summary>
    public ParquetFormatException(string fileName, string problem, Exception? innerException = null)
        : base($"{fileName}: {problem}", innerException)
    {
        FileName = fileName;
        Problem = problem;
    }

    /// <summary>The file (or stream description) that could not be read.</summary>
    public string FileName { get; }

    /// <summary>What is wrong, without the file name.</summary>
    public string Problem { get; }
}
