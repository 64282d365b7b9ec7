using System.Text;

namespace Sluice.Parquet.Thrift;

/// <summary>
/// Reads Thrift compact-protocol structs from a bounded buffer. Every length and count is checked against the bytes
/// that remain before anything is allocated, and nesting is limited, so garbage input fails fast with
/// <see cref="InvalidDataException"/> instead of hanging or allocating without bound.
/// </summary>
internal sealed class CompactReader
{
    private const int MaxDepth = 32;
    private readonly byte[] _buffer;
    private readonly int _end;
    private readonly Stack<short> _lastFieldIds = new();
    private short _lastFieldId;
    private int _position;
    private bool? _pendingBool;

    public CompactReader(byte[] buffer, int offset, int count)
    {
        _buffer = buffer;
        _position = offset;
        _end = offset + count;
    }

    public int Position => _position;

    public int Remaining => _end - _position;

    public void BeginStruct()
    {
        if (_lastFieldIds.Count >= MaxDepth)
        {
            throw new InvalidDataException($"Thrift structs nest deeper than {MaxDepth} levels");
        }

        _lastFieldIds.Push(_lastFieldId);
        _lastFieldId = 0;
    }

    public void EndStruct() => _lastFieldId = _lastFieldIds.Pop();

    /// <summary>Reads the next field header; returns false at the struct's stop byte.</summary>
    public bool NextField(out short id, out CompactType type)
    {
        var header = ReadByte();
        if (header == 0)
        {
            id = 0;
            type = CompactType.Stop;
            return false;
        }

        type = (CompactType)(header & 0x0F);
        var delta = header >> 4;
        id = delta != 0 ? (short)(_lastFieldId + delta) : (short)ReadZigZag32();
        if (type is CompactType.BooleanTrue or CompactType.BooleanFalse)
        {
            _pendingBool = type == CompactType.BooleanTrue;
        }
        else if (type > CompactType.Struct)
        {
            throw new InvalidDataException($"unknown Thrift field type {(int)type} for field {id}");
        }

        _lastFieldId = id;
        return true;
    }

    public bool ReadBool(CompactType type)
    {
        if (_pendingBool is { } value)
        {
            _pendingBool = null;
            return value;
        }

        // Booleans inside lists are whole bytes.
        Expect(type, CompactType.BooleanTrue);
        return ReadByte() == 1;
    }

    public int ReadI32(CompactType type)
    {
        if (type is not (CompactType.I32 or CompactType.I16 or CompactType.Byte))
        {
            throw new InvalidDataException($"expected a Thrift integer but found type {type}");
        }

        return type == CompactType.Byte ? (sbyte)ReadByte() : ReadZigZag32();
    }

    public long ReadI64(CompactType type)
    {
        if (type == CompactType.I64)
        {
            var raw = ReadVarInt(10);
            return (long)(raw >> 1) ^ -(long)(raw & 1);
        }

        return ReadI32(type);
    }

    public ReadOnlySpan<byte> ReadBinary(CompactType type)
    {
        Expect(type, CompactType.Binary);
        var length = ReadVarInt(5);
        if (length > (ulong)Remaining)
        {
            throw new InvalidDataException($"a Thrift string claims {length} bytes but only {Remaining} remain");
        }

        var span = _buffer.AsSpan(_position, (int)length);
        _position += (int)length;
        return span;
    }

    public string ReadString(CompactType type) => Encoding.UTF8.GetString(ReadBinary(type));

    /// <summary>Reads a list header; the count is checked against the remaining bytes (every element takes at least one).</summary>
    public int ReadListHeader(CompactType type, out CompactType elementType)
    {
        if (type is not (CompactType.List or CompactType.Set))
        {
            throw new InvalidDataException($"expected a Thrift list but found type {type}");
        }

        var header = ReadByte();
        elementType = (CompactType)(header & 0x0F);
        var count = (ulong)(header >> 4);
        if (count == 15)
        {
            count = ReadVarInt(5);
        }

        if (count > (ulong)Remaining)
        {
            throw new InvalidDataException($"a Thrift list claims {count} elements but only {Remaining} bytes remain");
        }

        return (int)count;
    }

    /// <summary>Skips a value of any type (unknown fields are allowed by Thrift's evolution rules).</summary>
    public void Skip(CompactType type, int depth = 0)
    {
        if (depth > MaxDepth)
        {
            throw new InvalidDataException($"Thrift values nest deeper than {MaxDepth} levels");
        }

        switch (type)
        {
            case CompactType.BooleanTrue or CompactType.BooleanFalse:
                if (_pendingBool is null)
                {
                    ReadByte();
                }

                _pendingBool = null;
                break;
            case CompactType.Byte:
                ReadByte();
                break;
            case CompactType.I16 or CompactType.I32 or CompactType.I64:
                ReadVarInt(10);
                break;
            case CompactType.Double:
                Take(8);
                break;
            case CompactType.Binary:
                ReadBinary(type);
                break;
            case CompactType.List or CompactType.Set:
                var count = ReadListHeader(type, out var element);
                for (var i = 0; i < count; i++)
                {
                    Skip(element == CompactType.BooleanFalse ? CompactType.BooleanTrue : element, depth + 1);
                }

                break;
            case CompactType.Map:
                var size = ReadVarInt(5);
                if (size == 0)
                {
                    break;
                }

                if (size > (ulong)Remaining)
                {
                    throw new InvalidDataException($"a Thrift map claims {size} entries but only {Remaining} bytes remain");
                }

                var kinds = ReadByte();
                for (ulong i = 0; i < size; i++)
                {
                    Skip((CompactType)(kinds >> 4), depth + 1);
                    Skip((CompactType)(kinds & 0x0F), depth + 1);
                }

                break;
            case CompactType.Struct:
                BeginStruct();
                while (NextField(out _, out var fieldType))
                {
                    Skip(fieldType, depth + 1);
                }

                EndStruct();
                break;
            default:
                throw new InvalidDataException($"cannot skip unknown Thrift type {(int)type}");
        }
    }

    private static void Expect(CompactType actual, CompactType expected)
    {
        if (actual != expected)
        {
            throw new InvalidDataException($"expected Thrift type {expected} but found {actual}");
        }
    }

    private byte ReadByte()
    {
        if (_position >= _end)
        {
            throw new InvalidDataException("Thrift data ends in the middle of a struct");
        }

        return _buffer[_position++];
    }

    private void Take(int count)
    {
        if (count > Remaining)
        {
            throw new InvalidDataException("Thrift data ends in the middle of a value");
        }

        _position += count;
    }

    private int ReadZigZag32()
    {
        var raw = (uint)ReadVarInt(5);
        return (int)(raw >> 1) ^ -(int)(raw & 1);
    }

    private ulong ReadVarInt(int maxBytes)
    {
        ulong result = 0;
        for (var i = 0; i < maxBytes; i++)
        {
            var b = ReadByte();
            result |= (ulong)(b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0)
            {
                return result;
            }
        }

        throw new InvalidDataException("a Thrift varint is longer than its type allows");
    }
}
