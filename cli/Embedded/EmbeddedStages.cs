using Sluice.Hosting;

namespace Sluice.Cli.Embedded;

/// <summary>
/// Every service of <c>services/services.txt</c> (built into the program), in pipeline order, as the embedded run hosts
/// them: each assembly's <see cref="IPipelineService"/>, the same wiring its worker uses.
/// </summary>
internal static class EmbeddedStages
{
    private static readonly Lazy<IReadOnlyList<IPipelineService>> Services = new(() => Listed().Select(ServiceList.Create).ToList());

    /// <summary>The services, in pipeline order.</summary>
    public static IReadOnlyList<IPipelineService> All => Services.Value;

    /// <summary>The service list built into the program.</summary>
    public static IReadOnlyList<ServiceListEntry> Listed()
    {
        using var stream = typeof(EmbeddedStages).Assembly.GetManifestResourceStream("services.txt")
            ?? throw new InvalidOperationException("The service list services.txt is not built into this program.");
        using var reader = new StreamReader(stream);
        return ServiceList.Parse(reader);
    }
}
