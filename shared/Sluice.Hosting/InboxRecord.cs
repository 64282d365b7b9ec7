namespace Sluice.Hosting;

/// <summary>What <see cref="ShardInbox"/> records for an input a stage worked and announced.</summary>
/// <param name="Input">The input shard's key.</param>
/// <param name="Sha256">The input shard's SHA-256, as the message named it.</param>
/// <param name="Source">The dropped object it descends from.</param>
internal sealed record InboxRecord(string Input, string Sha256, string Source);
