namespace Sluice.SafetyFilter.Worker;

/// <summary>
/// Finds the LDNOOBW word lists (npm <c>naughty-words</c>) when <c>SafetyFilter:Toxicity:WordListFolder</c> is not set:
/// <c>naughty-words/</c> beside the program (where the container image puts them), then
/// <c>scripts/peers/node_modules/naughty-words/</c> in the current folder, the program's folder, or any folder above
/// either (a checkout after <c>scripts/setup.sh</c>, wherever the command is run from).
/// </summary>
internal static class WordListLocator
{
    public static string? Find()
    {
        var beside = Path.Combine(AppContext.BaseDirectory, "naughty-words");
        if (File.Exists(Path.Combine(beside, "en.json")))
        {
            return beside;
        }

        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
            {
                var peer = Path.Combine(folder.FullName, "scripts", "peers", "node_modules", "naughty-words");
                if (File.Exists(Path.Combine(peer, "en.json")))
                {
                    return peer;
                }
            }
        }

        return null;
    }
}
