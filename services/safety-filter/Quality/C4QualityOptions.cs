namespace Sluice.SafetyFilter;

/// <summary>
/// Options of the C4 rule (Raffel et al. 2020, "Exploring the Limits of Transfer Learning", section 2.2), with the
/// defaults of datatrove's <c>C4QualityFilter</c>, which follow the paper.
/// </summary>
public sealed class C4QualityOptions
{
    /// <summary>Whether the rule runs. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Remove lines not ending in terminal punctuation (. ? ! " '), and lines ending in an ellipsis. Default true (C4 paper).</summary>
    public bool RemoveLinesWithoutTerminalPunctuation { get; set; } = true;

    /// <summary>Lines with fewer words are removed. Default 3 (C4 paper: "at least 3 words").</summary>
    public int MinWordsPerLine { get; set; } = 3;

    /// <summary>Lines holding a longer word are removed. Default 1000 (datatrove's <c>max_word_length</c>).</summary>
    public int MaxWordLength { get; set; } = 1000;

    /// <summary>Remove lines mentioning "javascript". Default true (C4 paper).</summary>
    public bool RemoveJavascriptLines { get; set; } = true;

    /// <summary>Remove lines about terms of use, privacy or cookie policies. Default true (C4 paper, datatrove's policy substrings).</summary>
    public bool RemovePolicyLines { get; set; } = true;

    /// <summary>Remove Wikipedia-style citation markers such as [1], [edit], [citation needed]. Default true (datatrove's <c>remove_citations</c>).</summary>
    public bool RemoveCitations { get; set; } = true;

    /// <summary>Drop documents containing "lorem ipsum". Default true (C4 paper).</summary>
    public bool DropLoremIpsum { get; set; } = true;

    /// <summary>Drop documents containing a curly brace (code). Default true (C4 paper).</summary>
    public bool DropCurlyBraces { get; set; } = true;

    /// <summary>Fewest sentences a document must keep after line cleaning. Default 5 (C4 paper: "fewer than 5 sentences").</summary>
    public int MinSentences { get; set; } = 5;

    /// <summary>Throws when a threshold is out of range.</summary>
    public void Validate()
    {
        if (MinWordsPerLine < 0 || MaxWordLength < 1 || MinSentences < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MinWordsPerLine), "C4: MinWordsPerLine and MinSentences must be >= 0 and MaxWordLength >= 1.");
        }
    }
}
