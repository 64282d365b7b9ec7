namespace Sluice.Engine.Checkpoints;

/// <summary>A checkpoint folder is incomplete or damaged; the message names the folder or file and what is wrong.</summary>
public sealed class CheckpointException : Exception
{
    /// <summary>Creates the exception for a folder and a description of the problem.</summary>
    public CheckpointException(string folder, string problem)
        : base($"Checkpoint {folder}: {problem}")
    {
        Folder = folder;
    }

    /// <summary>The checkpoint folder.</summary>
    public string Folder { get; }
}
