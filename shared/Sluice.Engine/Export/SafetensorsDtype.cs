using static TorchSharp.torch;

namespace Sluice.Engine.Export;

/// <summary>The safetensors dtype names of the element types the engine writes, and their sizes.</summary>
internal static class SafetensorsDtype
{
    public static string Name(ScalarType type) => type switch
    {
        ScalarType.Float32 => "F32",
        ScalarType.BFloat16 => "BF16",
        ScalarType.Int64 => "I64",
        ScalarType.Byte => "U8",
        _ => throw new ArgumentException($"No safetensors dtype for {type} in this engine", nameof(type)),
    };

    public static ScalarType Type(string name) => name switch
    {
        "F32" => ScalarType.Float32,
        "BF16" => ScalarType.BFloat16,
        "I64" => ScalarType.Int64,
        "U8" => ScalarType.Byte,
        _ => throw new InvalidDataException($"safetensors dtype {name} is not one the engine reads (F32, BF16, I64, U8)"),
    };

    public static int Size(string name) => name switch
    {
        "F32" => 4,
        "BF16" => 2,
        "I64" => 8,
        "U8" => 1,
        _ => throw new InvalidDataException($"safetensors dtype {name} is not one the engine reads (F32, BF16, I64, U8)"),
    };
}
