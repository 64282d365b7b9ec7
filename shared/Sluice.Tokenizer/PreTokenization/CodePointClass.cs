namespace Sluice.Tokenizer.PreTokenization;

/// <summary>The character classes the tiktoken patterns test, as flags of one code point.</summary>
[Flags]
internal enum CodePointClass : byte
{
    None = 0,

    /// <summary><c>\p{L}</c>.</summary>
    Letter = 1,

    /// <summary><c>\p{N}</c>.</summary>
    Number = 2,

    /// <summary><c>\s</c>: the Unicode White_Space property, as in Rust's regex.</summary>
    WhiteSpace = 4,

    /// <summary><c>[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]</c> (o200k's upper-case class).</summary>
    UpperLike = 8,

    /// <summary><c>[\p{Ll}\p{Lm}\p{Lo}\p{M}]</c> (o200k's lower-case class).</summary>
    LowerLike = 16,

    /// <summary><c>[\r\n]</c>.</summary>
    LineBreak = 32,
}
