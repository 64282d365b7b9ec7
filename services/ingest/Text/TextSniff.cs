namespace Sluice.Ingest.Text;

/// <summary>What the first bytes of an object say about it: text in an encoding, or a reason it is not text.</summary>
/// <param name="Encoding">The encoding to read the text in.</param>
/// <param name="BomLength">Bytes of byte-order mark to skip.</param>
/// <param name="RejectionReason">Null for text; otherwise why the object is not readable text.</param>
/// <param name="Detail">A sentence explaining the rejection.</param>
internal sealed record TextSniff(TextEncodingKind Encoding, int BomLength, string? RejectionReason, string? Detail);
