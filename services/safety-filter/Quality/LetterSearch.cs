using System.Buffers;

namespace Sluice.SafetyFilter;

/// <summary>A fast search set for ASCII letters, tried before the full Unicode letter check.</summary>
internal static class LetterSearch
{
    public static SearchValues<char> Letters { get; } = SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ");
}
