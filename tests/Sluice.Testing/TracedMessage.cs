using System.Text.Json.Nodes;

namespace Sluice.Testing;

/// <summary>One message as the broker's firehose copied it: where it was published, its properties and its body.</summary>
/// <param name="Exchange">The exchange it was published to.</param>
/// <param name="RoutingKey">Its routing key (empty for MassTransit's fan-out exchanges).</param>
/// <param name="Properties">Its AMQP properties as the management API writes them (content type, headers, message id, …).</param>
/// <param name="Payload">Its body, as text or base64 (<paramref name="PayloadEncoding"/>).</param>
/// <param name="PayloadEncoding"><c>string</c> or <c>base64</c>.</param>
public sealed record TracedMessage(string Exchange, string RoutingKey, JsonObject Properties, string Payload, string PayloadEncoding);
