namespace Sluice.Dedupe;

/// <summary>What the dedupe stage decided for one document.</summary>
public enum DedupeVerdict
{
    /// <summary>The document is new: it is kept and becomes the representative of its cluster.</summary>
    Keep = 0,

    /// <summary>The normalized text equals that of an earlier document.</summary>
    ExactDuplicate = 1,

    /// <summary>MinHash-LSH (and verification, when enabled) found an earlier document similar enough.</summary>
    NearDuplicate = 2,

    /// <summary>Boilerplate removal left nothing of the document: every segment was first seen in another document.</summary>
    Boilerplate = 3,
}
