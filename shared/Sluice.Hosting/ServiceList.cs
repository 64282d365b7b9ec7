using System.Reflection;

namespace Sluice.Hosting;

/// <summary>
/// The one list of the pipeline's services, <c>services/services.txt</c>: read by the local stack's scripts, the embedded
/// run and the deployment tests, so adding a service is one line there (docs/adding-a-stage.md).
/// </summary>
public static class ServiceList
{
    /// <summary>The entries of a service list, in pipeline order (blank lines and <c>#</c> comments skipped).</summary>
    public static IReadOnlyList<ServiceListEntry> Parse(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var entries = new List<ServiceListEntry>();
        while (reader.ReadLine() is { } line)
        {
            var text = line.Trim();
            if (text.Length == 0 || text.StartsWith('#'))
            {
                continue;
            }

            var parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 2)
            {
                throw new InvalidDataException($"services.txt: '{line}' is not '<folder> <assembly>'");
            }

            entries.Add(new ServiceListEntry(parts[0], parts[1]));
        }

        return entries;
    }

    /// <summary>The entry's <see cref="IPipelineService"/>, from its assembly; throws when it has none or it names itself otherwise.</summary>
    public static IPipelineService Create(ServiceListEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var type = Assembly.Load(entry.Assembly).GetTypes().SingleOrDefault(t => t.IsClass && !t.IsAbstract && typeof(IPipelineService).IsAssignableFrom(t))
            ?? throw new InvalidOperationException($"{entry.Assembly} has no {nameof(IPipelineService)}");
        var service = (IPipelineService)Activator.CreateInstance(type)!;
        return service.Name == entry.Name
            ? service
            : throw new InvalidOperationException($"services.txt names {entry.Name}, but {entry.Assembly}'s service is {service.Name}");
    }
}
