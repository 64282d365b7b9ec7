namespace Sluice.SafetyFilter;

/// <summary>The identified language of a text (ISO 639-1 code) and the identifier's confidence in it, in [0, 1].</summary>
public readonly record struct LanguageGuess(string Language, double Confidence);
