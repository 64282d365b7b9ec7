namespace Sluice.Cli;

/// <summary>A <c>KEY=VALUE</c> file as the local stack writes it (<c>Storage__S3__ServiceUrl=…</c>), read as configuration keys.</summary>
internal static class EnvFile
{
    /// <summary>The file's settings with <c>__</c> turned into <c>:</c>; empty for no file. Comments and lines without '=' are skipped.</summary>
    public static Dictionary<string, string?> Read(FileInfo? file)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (file is null)
        {
            return values;
        }

        foreach (var line in File.ReadAllLines(file.FullName))
        {
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (line.TrimStart().StartsWith('#') || equals <= 0)
            {
                continue;
            }

            values[line[..equals].Trim().Replace("__", ":", StringComparison.Ordinal)] = line[(equals + 1)..].Trim();
        }

        return values;
    }
}
