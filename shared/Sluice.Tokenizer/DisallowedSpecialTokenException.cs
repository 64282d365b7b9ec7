namespace Sluice.Tokenizer;

/// <summary>
/// The text contains a special token (e.g. <c>&lt;|endoftext|&gt;</c>) that the caller did not allow; as in tiktoken,
/// special tokens are never produced from ordinary text by accident. Allow it explicitly, or use <c>EncodeOrdinary</c>
/// to encode it as plain text.
/// </summary>
public sealed class DisallowedSpecialTokenException : ArgumentException
{
    /// <summary>Creates the exception for the special token found and its character offset.</summary>
    public DisallowedSpecialTokenException(string token, int offset)
        : base($"The text contains the special token '{token}' at character {offset}, which is not allowed here; pass it in allowedSpecial or use EncodeOrdinary to encode it as text.")
    {
        Token = token;
        Offset = offset;
    }

    /// <summary>The special token found.</summary>
    public string Token { get; }

    /// <summary>Its offset in the text, in UTF-16 characters.</summary>
    public int Offset { get; }
}
