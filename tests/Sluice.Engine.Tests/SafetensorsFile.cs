using System.Buffers.Binary;
using System.Text;
using System.Text.Json;

namespace Sluice.Engine.Tests;

/// <summary>
/// An independent safetensors reader written from the format's specification (huggingface/safetensors README):
/// u64 little-endian header size N, N bytes of UTF-8 JSON starting with '{' (trailing spaces allowed as padding),
/// then a byte buffer that the tensors' [begin, end) offsets cover exactly, without gaps or overlaps.
/// Every violation throws <see cref="InvalidDataException"/> naming the rule.
/// </summary>
internal sealed class SafetensorsFile
{
    private static readonly Dictionary<string, int> DtypeSizes = new()
    {
        ["BOOL"] = 1, ["U8"] = 1, ["I8"] = 1, ["F8_E5M2"] = 1, ["F8_E4M3"] = 1, ["I16"] = 2, ["U16"] = 2, ["F16"] = 2,
        ["BF16"] = 2, ["I32"] = 4, ["U32"] = 4, ["F32"] = 4, ["F64"] = 8, ["I64"] = 8, ["U64"] = 8,
    };

    private readonly byte[] data;
    private readonly long dataStart;

    private SafetensorsFile(byte[] data, long dataStart, Dictionary<string, string> metadata, List<(string Name, string Dtype, long[] Shape, long Begin, long End)> tensors)
    {
        this.data = data;
        this.dataStart = dataStart;
        Metadata = metadata;
        Tensors = tensors;
    }

    public Dictionary<string, string> Metadata { get; }

    public List<(string Name, string Dtype, long[] Shape, long Begin, long End)> Tensors { get; }

    public static SafetensorsFile Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        Check(bytes.Length >= 8, "file shorter than the 8-byte header size");
        var headerSize = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        Check(headerSize <= (ulong)(bytes.Length - 8), $"header size {headerSize} exceeds the file");
        Check(headerSize % 8 == 0, "header size is a multiple of 8 (the writer pads with spaces so the buffer is aligned)");
        var headerBytes = bytes.AsSpan(8, (int)headerSize);
        Check(headerBytes[0] == (byte)'{', "header starts with '{'");
        var text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(headerBytes);
        var trimmed = text.TrimEnd(' ');
        Check(trimmed.EndsWith('}'), "header is a JSON object followed only by spaces");

        var metadata = new Dictionary<string, string>();
        var tensors = new List<(string, string, long[], long, long)>();
        using var json = JsonDocument.Parse(trimmed);
        foreach (var property in json.RootElement.EnumerateObject())
        {
            if (property.Name == "__metadata__")
            {
                foreach (var entry in property.Value.EnumerateObject())
                {
                    Check(entry.Value.ValueKind == JsonValueKind.String, "__metadata__ maps strings to strings");
                    metadata[entry.Name] = entry.Value.GetString()!;
                }

                continue;
            }

            var dtype = property.Value.GetProperty("dtype").GetString()!;
            Check(DtypeSizes.ContainsKey(dtype), $"{property.Name}: dtype {dtype} is a safetensors dtype");
            var shape = property.Value.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()).ToArray();
            Check(shape.All(d => d >= 0), $"{property.Name}: dimensions are non-negative");
            var offsets = property.Value.GetProperty("data_offsets").EnumerateArray().Select(e => e.GetInt64()).ToArray();
            Check(offsets.Length == 2 && offsets[0] <= offsets[1], $"{property.Name}: data_offsets is [begin, end] with begin <= end");
            var expected = shape.Aggregate(1L, (n, d) => n * d) * DtypeSizes[dtype];
            Check(offsets[1] - offsets[0] == expected, $"{property.Name}: byte length {offsets[1] - offsets[0]} equals shape x dtype size {expected}");
            tensors.Add((property.Name, dtype, shape, offsets[0], offsets[1]));
        }

        var byOffset = tensors.OrderBy(t => t.Item4).ToList();
        long position = 0;
        foreach (var tensor in byOffset)
        {
            Check(tensor.Item4 == position, $"{tensor.Item1}: begins at {tensor.Item4}, where the previous tensor ended ({position}): no gaps or overlaps");
            position = tensor.Item5;
        }

        Check(position == bytes.Length - 8 - (long)headerSize, $"the tensors cover the whole buffer ({position} of {bytes.Length - 8 - (long)headerSize} bytes)");
        return new SafetensorsFile(bytes, 8 + (long)headerSize, metadata, tensors);
    }

    public float[] ReadF32(string name)
    {
        var tensor = Tensors.Single(t => t.Name == name);
        Check(tensor.Dtype == "F32", $"{name} is F32");
        var values = new float[(tensor.End - tensor.Begin) / 4];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadSingleLittleEndian(data.AsSpan((int)(dataStart + tensor.Begin + (i * 4)), 4));
        }

        return values;
    }

    private static void Check(bool condition, string rule)
    {
        if (!condition)
        {
            throw new InvalidDataException("safetensors rule violated: " + rule);
        }
    }
}
