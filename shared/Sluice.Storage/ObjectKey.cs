using System.Text;

namespace Sluice.Storage;

/// <summary>
/// The rules every object key follows, in every store: 1 to 1024 UTF-8 bytes; segments separated by '/', none empty;
/// no segment is '.' or '..' or starts with '.' (a folder store keeps its own bookkeeping in dot-folders); no
/// backslash and no control characters. These keys map onto any S3 bucket and onto any folder without escaping it.
/// </summary>
public static class ObjectKey
{
    /// <summary>The longest key in UTF-8 bytes (the S3 limit).</summary>
    public const int MaxByteLength = 1024;

    /// <summary>Throws <see cref="InvalidObjectKeyException"/> naming the rule <paramref name="key"/> breaks.</summary>
    public static void Validate(string key)
    {
        var problem = FindProblem(key);
        if (problem is not null)
        {
            throw new InvalidObjectKeyException(key, problem);
        }
    }

    /// <summary>The rule <paramref name="key"/> breaks, for a person, or null when it follows every rule.</summary>
    public static string? Problem(string key) => FindProblem(key);

    /// <summary>Whether <paramref name="key"/> follows every rule.</summary>
    public static bool IsValid(string key) => FindProblem(key) is null;

    /// <summary>
    /// Validates a listing prefix: empty, or a key prefix whose complete segments follow the key rules
    /// (the last segment may be partial).
    /// </summary>
    public static void ValidatePrefix(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        if (prefix.Length == 0)
        {
            return;
        }

        var problem = FindProblem(prefix.EndsWith('/') ? prefix[..^1] : prefix);
        if (problem is not null)
        {
            throw new InvalidObjectKeyException(prefix, problem);
        }
    }

    private static string? FindProblem(string key)
    {
        if (string.IsNullOrEmpty(key))
        {
            return "a key must not be empty";
        }

        if (Encoding.UTF8.GetByteCount(key) > MaxByteLength)
        {
            return $"a key must be at most {MaxByteLength} UTF-8 bytes";
        }

        foreach (var c in key)
        {
            if (char.IsControl(c))
            {
                return "a key must not contain control characters";
            }

            if (c == '\\')
            {
                return "a key must not contain '\\'";
            }
        }

        foreach (var segment in key.Split('/'))
        {
            if (segment.Length == 0)
            {
                return "a key must not start or end with '/' or contain '//'";
            }

            if (segment[0] == '.')
            {
                return $"the segment '{segment}' starts with '.'";
            }
        }

        return null;
    }
}
