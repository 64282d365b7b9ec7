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

        // The same pattern run as a custom regex (what a pattern without a hand-written pre-tokenizer costs).
        var regex = new RegexPreTokenizer(PreTokenizerPatterns.Cl100k);
        var regexSplit = double.MaxValue;
        for (var i = 0; i <= repeats; i++)
        {
            var ms = CpuMilliseconds(() => regex.PieceEnds(bytes, ids));
            regexSplit = i > 0 ? Math.Min(regexSplit, ms) : regexSplit;
        }

        Console.WriteLine($"cl100k_base's pattern as a custom regex (.NET): split {regexSplit:F1} ms");
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
