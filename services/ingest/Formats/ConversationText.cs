using System.Text;
using System.Text.Json;

namespace Sluice.Ingest.Formats;

/// <summary>
/// The text of a chat record: a <c>messages</c> array of <c>{"role", "content"}</c> (the chat-completions shape) or a
/// <c>conversations</c> array of <c>{"from", "value"}</c> (the ShareGPT shape), as one paragraph per turn, <c>role: content</c>.
/// </summary>
internal static class ConversationText
{
    /// <summary>Renders <paramref name="record"/>'s turns; false when it has no such array or no turn with text.</summary>
    public static bool TryRender(JsonElement record, out string text, out string field)
    {
        foreach (var (name, speaker, said) in new[] { ("messages", "role", "content"), ("conversations", "from", "value") })
        {
            if (!record.TryGetProperty(name, out var turns) || turns.ValueKind != JsonValueKind.Array)
            {
                continue;
            }

            var builder = new StringBuilder();
            foreach (var turn in turns.EnumerateArray())
            {
                if (turn.ValueKind != JsonValueKind.Object || !turn.TryGetProperty(said, out var content) || content.ValueKind != JsonValueKind.String)
                {
                    continue;
                }

                var who = turn.TryGetProperty(speaker, out var role) && role.ValueKind == JsonValueKind.String ? role.GetString() : null;
                if (builder.Length > 0)
                {
                    builder.Append("\n\n");
                }

                builder.Append(string.IsNullOrWhiteSpace(who) ? string.Empty : who + ": ").Append(content.GetString());
            }

            if (builder.Length > 0)
            {
                text = builder.ToString();
                field = name;
                return true;
            }
        }

        text = string.Empty;
        field = string.Empty;
        return false;
    }
}
