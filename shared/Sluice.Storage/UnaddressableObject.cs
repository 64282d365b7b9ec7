namespace Sluice.Storage;

/// <summary>
/// An object present in a store whose name breaks the <see cref="ObjectKey"/> rules (a hidden file, a symbolic link,
/// a backslash…), so the store will not read it by key. Listed so a caller can quarantine it with its reason instead
/// of passing over it in silence.
/// </summary>
/// <param name="Name">The object's name as the store holds it (relative to the store's root).</param>
/// <param name="Problem">Which rule the name breaks, for a person.</param>
/// <param name="ByteCount">The object's size in bytes, or -1 where the store cannot tell without following a link.</param>
public sealed record UnaddressableObject(string Name, string Problem, long ByteCount);
