namespace Sluice.SafetyFilter;

/// <summary>A document the stage cannot process, naming the document and what is wrong with it.</summary>
public sealed class InvalidDocumentException : Exception
{
    /// <summary>Creates the error for document <paramref name="documentId"/>.</summary>
    public InvalidDocumentException(string documentId, string problem)
        : base($"Document '{documentId}': {problem}")
    {
        DocumentId = documentId;
    }

    /// <summary>The id of the document at fault.</summary>
    public string DocumentId { get; }
}
