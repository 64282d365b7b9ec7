namespace Sluice.Contracts;

/// <summary>
/// The version of the message schema and the rules for changing it.
/// </summary>
/// <remarks>
/// Every message carries <c>SchemaVersion</c>. Within one version, changes are additive only: a new property must be
/// optional (nullable or with a default) so that an older consumer ignores it and a newer consumer reading an older
/// message sees the default. Renaming or removing a property, changing its type or meaning, or making a new property
/// required is a breaking change: it raises <see cref="Current"/>, and consumers reject messages outside
/// <see cref="Oldest"/> to <see cref="Current"/> (<see cref="EnsureSupported"/>) rather than misreading them.
/// Version 2 gave every shard event its lineage root (<c>Source</c>) and one name for removal counts (<c>RemovedByReason</c>).
/// </remarks>
public static class MessageSchema
{
    /// <summary>The schema version this build writes.</summary>
    public const int Current = 2;

    /// <summary>The oldest schema version this build reads.</summary>
    public const int Oldest = 2;

    /// <summary>Throws <see cref="NotSupportedException"/> when a message was written by a schema this build cannot read.</summary>
    /// <param name="schemaVersion">The <c>SchemaVersion</c> of a received message.</param>
    /// <param name="messageType">The message's type name, for the error.</param>
    public static void EnsureSupported(int schemaVersion, string messageType)
    {
        if (schemaVersion < Oldest || schemaVersion > Current)
        {
            throw new NotSupportedException(
                $"{messageType} has schema version {schemaVersion}; this build reads versions {Oldest} to {Current}.");
        }
    }
}
