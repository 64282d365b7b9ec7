namespace Sluice.Storage;

/// <summary>Checks the form of SHA-256 hex strings handed to a store.</summary>
internal static class Sha256Hex
{
    public static string? Normalize(string? value, string parameterName)
    {
        if (value is null)
        {
            return null;
        }

        if (value.Length != 64 || !value.All(char.IsAsciiHexDigit))
        {
            throw new ArgumentException($"'{value}' is not a SHA-256 hex string (64 hex digits).", parameterName);
        }

        return value.ToLowerInvariant();
    }
}
