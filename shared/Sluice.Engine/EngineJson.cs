using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sluice.Engine;

/// <summary>The JSON conventions of the engine's files: camelCase names, enums as strings, indented.</summary>
internal static class EngineJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static T Read<T>(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(File.ReadAllText(path), Options)
                ?? throw new InvalidDataException($"{path} holds JSON null, expected a {typeof(T).Name}");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not a valid {typeof(T).Name}: {e.Message}", e);
        }
    }
}
