using System.Globalization;
using System.Text.Json;
using Sluice.Evaluation.Text;

namespace Sluice.Evaluation.Tests;

public class PythonTextTests
{
    [Fact]
    public void Whitespace_is_pythons_for_every_bmp_character()
    {
        var python = PythonPeer.Run("python_text.py", "", "spaces").Trim().Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToHashSet();
        var ours = Enumerable.Range(0, 0x10000).Where(c => PythonText.IsSpace((char)c)).ToHashSet();
        Assert.Equal(python.Order(), ours.Order());
    }

    [Fact]
    public void Word_counts_match_python_re_split()
    {
        string[] texts = ["a b", " a", "a ", "", "\u001Ca\u00A0b\u2028c", "x\r\n\r\ny", "no-spaces"];
        var python = PythonPeer.Run("python_text.py", JsonSerializer.Serialize(texts), "words")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(s => long.Parse(s, CultureInfo.InvariantCulture));
        Assert.Equal(python, texts.Select(PythonText.CountRegexWhitespaceSplit));
    }

    [Theory]
    [InlineData("İ", "i\u0307")]
    [InlineData("ΟΔΟΣ ΟΔΟΣ", "οδος οδος")]
    [InlineData("ΣΑ", "σα")]
    [InlineData("ABC", "abc")]
    public void Lower_follows_pythons_full_case_mapping(string text, string expected)
    {
        Assert.Equal(expected, PythonText.Lower(text));
    }
}
