using System.Text;

namespace Sluice.Ingest.Formats;

/// <summary>
/// Reads <c>\n</c>-terminated lines (a trailing <c>\r</c> removed) without ever holding more than a limit of characters:
/// a longer line is skipped to its end and reported as too long.
/// </summary>
internal sealed class BoundedLineReader(TextReader reader, int maxChars)
{
    private readonly char[] _buffer = new char[64 * 1024];
    private readonly StringBuilder _line = new();
    private int _start;
    private int _end;
    private bool _eof;

    /// <summary>1-based number of the line last returned.</summary>
    public long LineNumber { get; private set; }

    /// <summary>Reads the next line. Returns false at the end. <paramref name="line"/> is null when the line was longer than the limit; <paramref name="length"/> is its length in characters.</summary>
    public bool TryReadLine(out string? line, out long length)
    {
        _line.Clear();
        length = 0;
        var tooLong = false;
        var sawAny = false;
        while (true)
        {
            if (_start == _end)
            {
                if (_eof)
                {
                    break;
                }

                _end = reader.Read(_buffer, 0, _buffer.Length);
                _start = 0;
                if (_end == 0)
                {
                    _eof = true;
                    break;
                }
            }

            sawAny = true;
            var span = _buffer.AsSpan(_start, _end - _start);
            var newline = span.IndexOf('\n');
            var take = newline >= 0 ? span[..newline] : span;
            length += take.Length;
            if (!tooLong)
            {
                if (length > maxChars)
                {
                    tooLong = true;
                    _line.Clear();
                }
                else
                {
                    _line.Append(take);
                }
            }

            if (newline >= 0)
            {
                _start += newline + 1;
                LineNumber++;
                line = tooLong ? null : TrimCarriageReturn(_line);
                return true;
            }

            _start = _end;
        }

        if (!sawAny)
        {
            line = null;
            return false;
        }

        LineNumber++;
        line = tooLong ? null : TrimCarriageReturn(_line);
        return true;
    }

    private static string TrimCarriageReturn(StringBuilder line)
    {
        var length = line.Length;
        if (length > 0 && line[length - 1] == '\r')
        {
            length--;
        }

        return line.ToString(0, length);
    }
}
