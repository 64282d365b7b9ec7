namespace Sluice.Dedupe.Boilerplate;

/// <summary>One line or paragraph of a document: where it is and the hash of its normalized text (null when too short to judge).</summary>
internal readonly record struct Segment(int Start, int Length, ulong? Hash);
