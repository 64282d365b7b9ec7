namespace Sluice.Hosting;

/// <summary>One line of <c>services/services.txt</c>: a service's folder under <c>services/</c> and the assembly it builds.</summary>
/// <param name="Name">The service's name (its folder, queue and stage name).</param>
/// <param name="Assembly">The assembly holding its <see cref="IPipelineService"/>.</param>
public sealed record ServiceListEntry(string Name, string Assembly);
