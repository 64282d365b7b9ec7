namespace Sluice.Ingest.Text;

/// <summary>The encodings a text object is read in.</summary>
internal enum TextEncodingKind
{
    /// <summary>UTF-8, with or without a byte-order mark.</summary>
    Utf8,

    /// <summary>UTF-16 little-endian, announced by its byte-order mark.</summary>
    Utf16LittleEndian,

    /// <summary>UTF-16 big-endian, announced by its byte-order mark.</summary>
    Utf16BigEndian,
}
