namespace Sluice.Dedupe.Worker;

/// <summary>The payload of a dedupe round job: the index configuration it decides under (replicas must share it).</summary>
internal sealed record DedupeRoundRequest(string ConfigHash);
