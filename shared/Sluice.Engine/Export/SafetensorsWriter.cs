using System.Buffers.Binary;
using System.Text;
using System.Text.Json;

namespace Sluice.Engine.Export;

/// <summary>
/// Writes the safetensors format (huggingface/safetensors): an 8-byte little-endian header length, a UTF-8 JSON
/// header mapping each name to its dtype, shape and [begin, end) byte offsets into the data that follows, padded with
/// spaces to a multiple of 8, then the tensors' bytes. Tensors are laid out contiguously in name order. The bytes are
/// little-endian, as the engine runs only on little-endian (x86-64, arm64) hosts.
/// </summary>
public static class SafetensorsWriter
{
    /// <summary>Writes tensors and string metadata to <paramref name="path"/>.</summary>
    public static void Write(string path, IEnumerable<SafetensorsTensor> tensors, IReadOnlyDictionary<string, string> metadata)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        ArgumentNullException.ThrowIfNull(metadata);
        var ordered = tensors.OrderBy(t => t.Name, StringComparer.Ordinal).ToList();
        var duplicate = ordered.Zip(ordered.Skip(1)).FirstOrDefault(p => p.First.Name == p.Second.Name);
        if (duplicate.First is not null)
        {
            throw new ArgumentException($"Tensor name {duplicate.First.Name} appears twice", nameof(tensors));
        }

        using var header = new MemoryStream();
        using (var json = new Utf8JsonWriter(header))
        {
            json.WriteStartObject();
            json.WriteStartObject("__metadata__");
            foreach (var (key, value) in metadata.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                json.WriteString(key, value);
            }

            json.WriteEndObject();
            long offset = 0;
            foreach (var tensor in ordered)
            {
                var bytes = tensor.Shape.Aggregate(1L, (n, d) => n * d) * SafetensorsDtype.Size(tensor.Dtype);
                if (bytes != tensor.Data.Length)
                {
                    throw new ArgumentException($"Tensor {tensor.Name} has shape [{string.Join(", ", tensor.Shape)}] of {tensor.Dtype} ({bytes} bytes) but {tensor.Data.Length} bytes", nameof(tensors));
                }

                json.WriteStartObject(tensor.Name);
                json.WriteString("dtype", tensor.Dtype);
                json.WriteStartArray("shape");
                foreach (var d in tensor.Shape)
                {
                    json.WriteNumberValue(d);
                }

                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                offset += bytes;
                json.WriteNumberValue(offset);
                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        var padding = (int)((8 - (header.Length % 8)) % 8);
        header.Write(Encoding.ASCII.GetBytes(new string(' ', padding)));

        using var output = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
        output.Write(length);
        header.Position = 0;
        header.CopyTo(output);
        foreach (var tensor in ordered)
        {
            output.Write(tensor.Data.Span);
        }
    }
}
