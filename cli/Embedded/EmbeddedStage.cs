using MassTransit;
using Microsoft.Extensions.Hosting;

namespace Sluice.Cli.Embedded;

/// <summary>
/// One pipeline stage as the embedded run hosts it: the services its consumers need, and the consumers themselves.
/// A stage plugs into <c>sluice run</c> by adding one entry to <see cref="EmbeddedStages.All"/>.
/// </summary>
/// <param name="Name">The stage's name as the summary prints it (<c>ingest</c>, <c>dedupe</c>, …).</param>
/// <param name="AddServices">Registers the stage's logic and options (the same extension its worker uses).</param>
/// <param name="AddConsumers">Registers the stage's consumers on the embedded bus.</param>
internal sealed record EmbeddedStage(string Name, Action<IHostApplicationBuilder> AddServices, Action<IBusRegistrationConfigurator> AddConsumers);
