namespace Sluice.SafetyFilter.Worker;

/// <summary>
/// Where the LDNOOBW word lists are when <c>SafetyFilter:Toxicity:WordListFolder</c> is not set: <c>naughty-words/</c>
/// beside the program, where the build puts them (copied from the npm package naughty-words), wherever the program was
/// built or published to and whatever folder it runs from.
/// </summary>
internal static class WordListLocator
{
    public static string? Find()
    {
        var beside = Path.Combine(AppContext.BaseDirectory, "naughty-words");
        return File.Exists(Path.Combine(beside, "en.json")) ? beside : null;
    }
}
