namespace Sluice.Contracts;

/// <summary>
/// The version of the message schema and the rules for changing it.
/// </summary>
/// <remarks>
/// Every message carries <c>SchemaVersion</c>. Within one version, changes are additive only: a new property must be
/// optional (nullable or with a default) so that an older consumer ignores it and a newer consumer reading an older
/// message sees the default. Renaming or removing a property, changing its type or meaning, or making a new property
/// required is a breaking change: it raises <see cref="Current"/>, and consumers reject messages whose version is
/// higher than the one they were built with (<see cref="EnsureSupported"/>) rather than misreading them.
/// </remarks>
public static class MessageSchema
{
    /// <summary>The schema version this build writes and understands.</summary>
    public const int Current = 1;

    /// <summary>Throws <see cref="NotSupportedException"/> when a message was written by a newer, incompatible schema.</summary>
    /// <param name="schemaVersion">The <c>SchemaVersion</c> of a received message.</param>
    /// <param name="messageType">The message's type name, for the error.</param>
    public static void EnsureSupported(int schemaVersion, string messageType)
    {
        if (schemaVersion < 1 || schemaVersion > Current)
        {
            throw new NotSupportedException(
                $"{messageType} has schema version {schemaVersion}; this build understands versions 1 to {Current}.");
        }
    }
}
