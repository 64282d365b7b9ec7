namespace Sluice.Dedupe.Boilerplate;

/// <summary>What a boilerplate segment is.</summary>
public enum BoilerplateUnit
{
    /// <summary>One line (text between line breaks).</summary>
    Line = 0,

    /// <summary>One paragraph (text between blank lines).</summary>
    Paragraph = 1,
}
