using System.Text;
using Sluice.Parquet.Encodings;

namespace Sluice.Parquet.Thrift;

/// <summary>Writes Thrift compact-protocol structs (the encoding of Parquet footers and page headers).</summary>
internal sealed class CompactWriter(ByteSink sink)
{
    private readonly Stack<short> _lastFieldIds = new();
    private short _lastFieldId;

    public void BeginStruct()
    {
        _lastFieldIds.Push(_lastFieldId);
        _lastFieldId = 0;
    }

    public void EndStruct()
    {
        sink.WriteByte((byte)CompactType.Stop);
        _lastFieldId = _lastFieldIds.Pop();
    }

    public void FieldHeader(short id, CompactType type)
    {
        var delta = id - _lastFieldId;
        if (delta is > 0 and <= 15)
        {
            sink.WriteByte((byte)((delta << 4) | (byte)type));
        }
        else
        {
            sink.WriteByte((byte)type);
            sink.WriteUnsignedVarInt(ZigZag(id));
        }

        _lastFieldId = id;
    }

    public void I32Field(short id, int value)
    {
        FieldHeader(id, CompactType.I32);
        sink.WriteUnsignedVarInt(ZigZag(value));
    }

    public void I64Field(short id, long value)
    {
        FieldHeader(id, CompactType.I64);
        sink.WriteUnsignedVarInt(ZigZag(value));
    }

    public void BoolField(short id, bool value) => FieldHeader(id, value ? CompactType.BooleanTrue : CompactType.BooleanFalse);

    public void ByteField(short id, sbyte value)
    {
        FieldHeader(id, CompactType.Byte);
        sink.WriteByte((byte)value);
    }

    public void BinaryField(short id, ReadOnlySpan<byte> value)
    {
        FieldHeader(id, CompactType.Binary);
        Binary(value);
    }

    public void StringField(short id, string value)
    {
        FieldHeader(id, CompactType.Binary);
        String(value);
    }

    public void StructField(short id)
    {
        FieldHeader(id, CompactType.Struct);
        BeginStruct();
    }

    public void ListField(short id, CompactType elementType, int count)
    {
        FieldHeader(id, CompactType.List);
        ListHeader(elementType, count);
    }

    public void ListHeader(CompactType elementType, int count)
    {
        if (count < 15)
        {
            sink.WriteByte((byte)((count << 4) | (byte)elementType));
        }
        else
        {
            sink.WriteByte((byte)(0xF0 | (byte)elementType));
            sink.WriteUnsignedVarInt((ulong)count);
        }
    }

    public void I32(int value) => sink.WriteUnsignedVarInt(ZigZag(value));

    public void Binary(ReadOnlySpan<byte> value)
    {
        sink.WriteUnsignedVarInt((ulong)value.Length);
        sink.Write(value);
    }

    public void String(string value)
    {
        var count = Encoding.UTF8.GetByteCount(value);
        sink.WriteUnsignedVarInt((ulong)count);
        Encoding.UTF8.GetBytes(value, sink.GetSpan(count));
        sink.Advance(count);
    }

    private static ulong ZigZag(long value) => (ulong)((value << 1) ^ (value >> 63));
}
