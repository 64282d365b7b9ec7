namespace Sluice.Hosting.Jobs;

/// <summary>Work parked until a job finishes (for example a cleaned shard waiting for its tokenizer), recorded durably with the job.</summary>
/// <param name="Key">What waits (its input key); recording the same key twice keeps one.</param>
/// <param name="Payload">What to do again once the job finishes (the parked message, as JSON).</param>
public sealed record JobWaiter(string Key, string Payload);
