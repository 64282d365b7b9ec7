using System.Text;

namespace Sluice.Ingest.Text;

/// <summary>Opens a reader over a text object's bytes in its sniffed encoding, counting the undecodable bytes it replaces.</summary>
internal static class DecodedText
{
    /// <summary>A reader over <paramref name="stream"/> (positioned at the start of the object, BOM included) and the fallback that counts replaced bytes.</summary>
    public static (TextReader Reader, UndecodableByteFallback Fallback) Open(Stream stream, TextSniff sniff)
    {
        var fallback = new UndecodableByteFallback();
        var name = sniff.Encoding switch
        {
            TextEncodingKind.Utf16LittleEndian => "utf-16",
            TextEncodingKind.Utf16BigEndian => "utf-16BE",
            _ => "utf-8",
        };
        var encoding = Encoding.GetEncoding(name, EncoderFallback.ReplacementFallback, fallback);
        for (var i = 0; i < sniff.BomLength; i++)
        {
            if (stream.ReadByte() < 0)
            {
                break;
            }
        }

        return (new StreamReader(stream, encoding, detectEncodingFromByteOrderMarks: false, bufferSize: 64 * 1024, leaveOpen: true), fallback);
    }
}
