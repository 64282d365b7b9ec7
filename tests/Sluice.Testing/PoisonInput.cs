namespace Sluice.Testing;

/// <summary>One kind of bad input, as a dropped file: what it is, its name and bytes, and the reason ingest must quarantine it with.</summary>
/// <param name="Kind">What is wrong with it, for a person (the row of docs/reliability.md).</param>
/// <param name="Name">The file's name in the drop (its extension chooses the format).</param>
/// <param name="Bytes">The file's bytes.</param>
/// <param name="Reason">The quarantine reason expected under <c>rejected/ingest/</c>.</param>
/// <param name="NeedsSmallLimits">True when the kind only shows against the small limits of <see cref="PoisonInputs.SmallLimits"/> (a file over the default 2 GiB is not built in a test).</param>
/// <param name="KeptBefore">Documents read before the bad part that stay accepted (entries of an archive before its limit).</param>
public sealed record PoisonInput(string Kind, string Name, byte[] Bytes, string Reason, bool NeedsSmallLimits = false, int KeptBefore = 0);
