using System.Buffers.Binary;
using System.Text.Json;
using TorchSharp;
using static TorchSharp.torch;

namespace Sluice.Engine.Export;

/// <summary>
/// Reads a safetensors file's header (u64 little-endian length, JSON of name → dtype, shape, [begin, end) offsets,
/// <c>__metadata__</c>) and copies named tensors into TorchSharp tensors, checking dtype, shape and offsets.
/// </summary>
internal sealed class SafetensorsReader
{
    private readonly Dictionary<string, (string Dtype, long[] Shape, long Begin, long End)> entries;
    private readonly long dataStart;

    private SafetensorsReader(string path, long dataStart, Dictionary<string, (string, long[], long, long)> entries, Dictionary<string, string> metadata)
    {
        Path = path;
        this.dataStart = dataStart;
        this.entries = entries;
        Metadata = metadata;
    }

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <summary>The <c>__metadata__</c> strings.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Reads and checks the header of <paramref name="path"/>.</summary>
    public static SafetensorsReader Open(string path)
    {
        if (!File.Exists(path))
        {
            throw new EngineIOException($"{path} does not exist");
        }

        using var stream = File.OpenRead(path);
        Span<byte> prefix = stackalloc byte[8];
        if (stream.Read(prefix) != 8)
        {
            throw new EngineIOException($"{path} is not a safetensors file: shorter than its 8-byte header length");
        }

        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (headerLength > (ulong)(stream.Length - 8) || headerLength > 100_000_000)
        {
            throw new EngineIOException($"{path} is not a safetensors file: header length {headerLength} exceeds the file");
        }

        var header = new byte[headerLength];
        stream.ReadExactly(header);
        var entries = new Dictionary<string, (string, long[], long, long)>(StringComparer.Ordinal);
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            using var json = JsonDocument.Parse(header);
            foreach (var property in json.RootElement.EnumerateObject())
            {
                if (property.Name == "__metadata__")
                {
                    foreach (var entry in property.Value.EnumerateObject())
                    {
                        metadata[entry.Name] = entry.Value.GetString() ?? "";
                    }

                    continue;
                }

                var dtype = property.Value.GetProperty("dtype").GetString() ?? "";
                var shape = property.Value.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()).ToArray();
                var offsets = property.Value.GetProperty("data_offsets").EnumerateArray().Select(e => e.GetInt64()).ToArray();
                var bytes = shape.Aggregate(1L, (n, d) => n * d) * SafetensorsDtype.Size(dtype);
                if (offsets.Length != 2 || offsets[1] - offsets[0] != bytes || offsets[0] < 0 || 8 + (long)headerLength + offsets[1] > stream.Length)
                {
                    throw new InvalidDataException($"tensor {property.Name}: offsets [{string.Join(", ", offsets)}] do not hold {bytes} bytes inside the file");
                }

                entries[property.Name] = (dtype, shape, offsets[0], offsets[1]);
            }
        }
        catch (Exception e) when (e is JsonException or InvalidDataException or InvalidOperationException or KeyNotFoundException)
        {
            throw new EngineIOException($"{path} is not a valid safetensors file: {e.Message}");
        }

        return new SafetensorsReader(path, 8 + (long)headerLength, entries, metadata);
    }

    /// <summary>Whether the file holds a tensor called <paramref name="name"/>.</summary>
    public bool Contains(string name) => entries.ContainsKey(name);

    /// <summary>The shape of tensor <paramref name="name"/>.</summary>
    public long[] Shape(string name) => Entry(name).Shape;

    /// <summary>Copies tensor <paramref name="name"/> into <paramref name="target"/>, which must have its shape and dtype.</summary>
    public void CopyInto(string name, Tensor target)
    {
        var (dtype, shape, begin, end) = Entry(name);
        if (!shape.SequenceEqual(target.shape) || SafetensorsDtype.Type(dtype) != target.dtype)
        {
            throw new EngineArgumentException(
                $"{Path}: tensor {name} is {dtype} [{string.Join(", ", shape)}], expected {SafetensorsDtype.Name(target.dtype)} [{string.Join(", ", target.shape)}] (a model of another shape)");
        }

        var bytes = new byte[end - begin];
        using (var stream = File.OpenRead(Path))
        {
            stream.Position = dataStart + begin;
            stream.ReadExactly(bytes);
        }

        using var scope = torch.NewDisposeScope();
        var host = torch.empty(shape, target.dtype);
        host.bytes = bytes;
        target.copy_(host);
    }

    private (string Dtype, long[] Shape, long Begin, long End) Entry(string name) =>
        entries.TryGetValue(name, out var entry) ? entry : throw new EngineArgumentException($"{Path} has no tensor {name}");
}
