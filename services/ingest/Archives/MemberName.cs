namespace Sluice.Ingest.Archives;

/// <summary>Checks an archive member's name for what an extractor would write outside its folder ("zip slip").</summary>
internal static class MemberName
{
    /// <summary>Why <paramref name="name"/> is unsafe, or null when it is an ordinary relative path.</summary>
    public static string? Problem(string name)
    {
        if (name.Length == 0)
        {
            return "it has an empty name";
        }

        if (name.Any(char.IsControl))
        {
            return "its name holds control characters";
        }

        if (name[0] is '/' or '\\')
        {
            return "its name is an absolute path";
        }

        if (name.Length >= 2 && char.IsAsciiLetter(name[0]) && name[1] == ':')
        {
            return "its name starts with a drive letter";
        }

        if (name.Split('/', '\\').Any(segment => segment == ".."))
        {
            return "its name climbs out of the archive's folder with '..'";
        }

        return null;
    }
}
