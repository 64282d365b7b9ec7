using System.Text;
using Sluice.Ingest.Text;

namespace Sluice.Ingest.Tests;

public sealed class TextSnifferTests
{
    [Fact]
    public void Utf16_byte_order_marks_select_utf16()
    {
        Assert.Equal(TextEncodingKind.Utf16LittleEndian, TextSniffer.Sniff([0xFF, 0xFE, (byte)'a', 0], true, 0.05).Encoding);
        Assert.Equal(TextEncodingKind.Utf16BigEndian, TextSniffer.Sniff([0xFE, 0xFF, 0, (byte)'a'], true, 0.05).Encoding);
    }

    [Fact]
    public void Nul_bytes_without_a_bom_mean_binary()
    {
        var sniff = TextSniffer.Sniff([(byte)'a', (byte)'b', 0, (byte)'c'], true, 0.05);
        Assert.Equal(RejectionReasons.BinaryFile, sniff.RejectionReason);
        Assert.Contains("offset 2", sniff.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Known_binary_signatures_are_named()
    {
        var png = new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A };
        var sniff = TextSniffer.Sniff(png, true, 0.05);
        Assert.Equal(RejectionReasons.BinaryFile, sniff.RejectionReason);
        Assert.Contains("PNG", sniff.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Latin1_text_is_undecodable_as_utf8_beyond_the_threshold()
    {
        var latin1 = Encoding.Latin1.GetBytes("Él está aquí, señor. Ça va? Größe, Übermaß, façade, naïve, ÀÉÎÕÜ");
        Assert.Equal(RejectionReasons.UndecodableText, TextSniffer.Sniff(latin1, true, 0.05).RejectionReason);
        Assert.Null(TextSniffer.Sniff(latin1, true, 0.5).RejectionReason);
    }

    [Fact]
    public void A_utf8_multibyte_character_cut_at_the_end_of_the_head_is_not_counted_as_bad()
    {
        var bytes = Encoding.UTF8.GetBytes(new string('a', 100) + "€");
        Assert.Null(TextSniffer.Sniff(bytes.AsSpan(0, bytes.Length - 1), complete: false, 0.0).RejectionReason);
    }
}
