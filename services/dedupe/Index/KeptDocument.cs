namespace Sluice.Dedupe.Index;

/// <summary>What the index keeps of a kept document to verify later candidates against it.</summary>
internal sealed record KeptDocument(string DocumentId, uint[] Signature, uint[]? ShingleSet);
