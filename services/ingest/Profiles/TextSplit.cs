namespace Sluice.Ingest.Profiles;

/// <summary>How ingest cuts a long plain-text document of a profile into several documents.</summary>
public enum TextSplit
{
    /// <summary>One file, one document, whatever its length.</summary>
    None,

    /// <summary>Blocks of whole blank-line-separated paragraphs, each up to the profile's <c>MaxDocumentChars</c>.</summary>
    Paragraphs,

    /// <summary>At chapter headings (<c>CHAPTER IV</c>, <c>Book 2</c>, <c>Part One</c>) when there are two or more, each chapter then cut into paragraph blocks if still too long; paragraph blocks otherwise.</summary>
    Chapters,
}
