using System.Diagnostics;
using System.Text;
using Sluice.Testing;
using Sluice.Tokenizer;
using Sluice.Tokenizer.PreTokenization;

namespace Sluice.Bench.Tokenizer;

/// <summary>
/// Where encoding time goes: pre-tokenization alone (walking the pieces) against the whole encode, on the Brown
/// corpus, best of a few runs per encoding. The difference is the merge step (rank lookups, merge loop, merge cache).
/// Times are the process's CPU time (on a shared machine the wall clock mostly measures waiting for a core).
/// </summary>
internal static class EncodeProfile
{
    public static void Run(IReadOnlyList<string> encodings, int repeats)
    {
        var bytes = Encoding.UTF8.GetBytes(BrownCorpus.Text());
        var ids = new int[bytes.Length];
        Console.WriteLine($"profile: Brown corpus, {bytes.Length / 1e6:F2} MB, best of {repeats} after a warm-up; milliseconds of CPU time");
        Console.WriteLine($"{"encoding",-12} {"pieces",9} {"split ms",9} {"encode ms",10} {"merge ms",9} {"cold encode ms",15}");
        foreach (var name in encodings)
        {
            var tokenizer = TiktokenEncodings.Get(name);
            var pieces = 0;
            var split = double.MaxValue;
            var encode = double.MaxValue;
            var cold = double.MaxValue;
            for (var i = 0; i <= repeats + 2; i++)
            {
                var count = 0;
                var splitMs = CpuMilliseconds(() => pieces = CountPieces(tokenizer, bytes));
                var encodeMs = CpuMilliseconds(() => count = tokenizer.EncodeOrdinary(bytes, ids));
                var coldMs = 0.0;
                var thread = new Thread(() => coldMs = CpuMilliseconds(() => count = tokenizer.EncodeOrdinary(bytes, ids)));
                thread.Start();
                thread.Join();
                if (i > 2)
                {
                    split = Math.Min(split, splitMs);
                    encode = Math.Min(encode, encodeMs);
                    cold = Math.Min(cold, coldMs);
                }
            }

            Console.WriteLine($"{name,-12} {pieces,9} {split,9:F1} {encode,10:F1} {encode - split,9:F1} {cold,15:F1}");
            Console.WriteLine("  " + PieceMix(tokenizer, bytes));
        }

        // cl100k_base with its pattern as a custom regex (possessive quantifiers where they change nothing, so it is
        // not the named pattern and runs on .NET's regex): what a pattern without a hand-written pre-tokenizer costs.
        const string Cl100kAsCustom = @"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+| ?[^\s\p{L}\p{N}]++[\r\n]*+|\s*[\r\n]+|\s+(?!\S)|\s+";
        var cl100k = TiktokenEncodings.Get("cl100k_base");
        var ranks = Enumerable.Range(0, cl100k.MergeableCount).Select(r => (byte[]?)cl100k.TokenBytes(r).ToArray()).ToList();
        var custom = new BpeTokenizer("cl100k-custom", Cl100kAsCustom, ranks, new Dictionary<string, int>());
        var regex = custom.PreTokenizer;
        var regexSplit = double.MaxValue;
        var regexEncode = double.MaxValue;
        var customCount = 0;
        for (var i = 0; i <= repeats; i++)
        {
            var splitMs = CpuMilliseconds(() => regex.PieceEnds(bytes, ids));
            var encodeMs = CpuMilliseconds(() => customCount = custom.EncodeOrdinary(bytes, ids));
            regexSplit = i > 0 ? Math.Min(regexSplit, splitMs) : regexSplit;
            regexEncode = i > 0 ? Math.Min(regexEncode, encodeMs) : regexEncode;
        }

        var same = customCount == cl100k.EncodeOrdinary(bytes, ids) ? "same tokens count as cl100k_base" : "DIFFERENT token count";
        Console.WriteLine($"cl100k_base, its pattern as a custom regex (.NET): split {regexSplit:F1} ms, encode {regexEncode:F1} ms ({same})");
    }

    private static double CpuMilliseconds(Action action)
    {
        var process = Process.GetCurrentProcess();
        var before = process.TotalProcessorTime;
        action();
        process.Refresh();
        return (process.TotalProcessorTime - before).TotalMilliseconds;
    }

    private static string PieceMix(BpeTokenizer tokenizer, ReadOnlySpan<byte> text)
    {
        var vocabulary = tokenizer.Vocabulary;
        var cache = new HashSet<string>();
        int single = 0, whole = 0, wholeShort = 0, repeated = 0, merged = 0, distinct = 0, longPieces = 0;
        for (var start = 0; start < text.Length;)
        {
            var end = ((HandWrittenPreTokenizer)tokenizer.PreTokenizer).NextPieceEnd(text, start);
            var piece = text[start..end];
            if (piece.Length == 1) single++;
            else if (vocabulary.Lookup(piece) >= 0) { whole++; if (piece.Length <= 6) wholeShort++; }
            else if (piece.Length > 24) longPieces++;
            else if (!cache.Add(Convert.ToHexString(piece))) repeated++;
            else { merged++; }
            start = end;
        }

        distinct = cache.Count;
        return $"1-byte {single}, whole token {whole} (<=6 bytes {wholeShort}), needs merging {repeated + merged} ({distinct} distinct), over 24 bytes {longPieces}";
    }

    private static int CountPieces(BpeTokenizer tokenizer, ReadOnlySpan<byte> text)
    {
        var preTokenizer = (HandWrittenPreTokenizer)tokenizer.PreTokenizer;
        var pieces = 0;
        for (var start = 0; start < text.Length; pieces++)
        {
            start = preTokenizer.NextPieceEnd(text, start);
        }

        return pieces;
    }
}
