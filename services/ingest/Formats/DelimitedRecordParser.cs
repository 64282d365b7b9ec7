using System.Text;

namespace Sluice.Ingest.Formats;

/// <summary>
/// Splits delimited text into records. With quoting (CSV), follows RFC 4180: fields may be enclosed in double quotes,
/// which may hold delimiters, line breaks and doubled quotes; a quote elsewhere is an error. Without quoting (TSV, as
/// IANA's text/tab-separated-values defines it), quotes are ordinary characters. Records end at <c>\n</c> or <c>\r\n</c>.
/// </summary>
internal sealed class DelimitedRecordParser(TextReader reader, char delimiter, bool quoting, int maxChars)
{
    private readonly char[] _buffer = new char[64 * 1024];
    private readonly StringBuilder _field = new();
    private readonly StringBuilder _raw = new();
    private int _position;
    private int _length;
    private long _line = 1;

    /// <summary>1-based line on which the last record returned started.</summary>
    public long RecordLine { get; private set; }

    /// <summary>The last record's text as it appeared (capped at the limit), for quarantine.</summary>
    public string RawRecord => _raw.ToString();

    /// <summary>
    /// Reads the next record into <paramref name="fields"/>. Returns false at the end of input. On a malformed record,
    /// returns true with <paramref name="error"/> set, having skipped to the end of the record.
    /// </summary>
    public bool TryReadRecord(List<string> fields, out string? error)
    {
        fields.Clear();
        _field.Clear();
        _raw.Clear();
        error = null;
        RecordLine = _line;
        var chars = 0L;
        if (Peek() < 0)
        {
            return false;
        }

        var inQuotes = false;
        var fieldWasQuoted = false;
        var afterClosingQuote = false;
        while (true)
        {
            var next = Read();
            if (next < 0)
            {
                if (inQuotes)
                {
                    error ??= $"a quoted field opened on line {RecordLine} is never closed";
                }

                fields.Add(_field.ToString());
                return true;
            }

            var c = (char)next;
            if (++chars > maxChars)
            {
                error ??= $"the record has more than the {maxChars} characters allowed (MaxRecordBytes)";
            }
            else
            {
                _raw.Append(c);
            }

            if (c == '\n')
            {
                _line++;
            }

            if (inQuotes)
            {
                if (c == '"')
                {
                    if (Peek() == '"')
                    {
                        Read();
                        Append(c, error);
                    }
                    else
                    {
                        inQuotes = false;
                        afterClosingQuote = true;
                    }
                }
                else
                {
                    Append(c, error);
                }

                continue;
            }

            if (c == delimiter)
            {
                fields.Add(_field.ToString());
                _field.Clear();
                fieldWasQuoted = false;
                afterClosingQuote = false;
                continue;
            }

            if (c == '\n' || (c == '\r' && Peek() == '\n'))
            {
                if (c == '\r')
                {
                    Read();
                    _line++;
                }

                fields.Add(_field.ToString());
                TrimRawNewline();
                return true;
            }

            if (afterClosingQuote)
            {
                error ??= $"line {_line}: characters after the closing quote of a field";
                continue;
            }

            if (quoting && c == '"')
            {
                if (_field.Length == 0 && !fieldWasQuoted)
                {
                    inQuotes = true;
                    fieldWasQuoted = true;
                    continue;
                }

                error ??= $"line {_line}: a quote inside an unquoted field";
                continue;
            }

            Append(c, error);
        }
    }

    private void Append(char c, string? error)
    {
        if (error is null)
        {
            _field.Append(c);
        }
    }

    private void TrimRawNewline()
    {
        while (_raw.Length > 0 && _raw[^1] is '\n' or '\r')
        {
            _raw.Length--;
        }
    }

    private int Peek()
    {
        if (_position == _length && !Fill())
        {
            return -1;
        }

        return _buffer[_position];
    }

    private int Read()
    {
        if (_position == _length && !Fill())
        {
            return -1;
        }

        return _buffer[_position++];
    }

    private bool Fill()
    {
        _length = reader.Read(_buffer, 0, _buffer.Length);
        _position = 0;
        return _length > 0;
    }
}
