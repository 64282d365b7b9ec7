using System.Reflection;
using MassTransit;
using Sluice.Testing;

namespace Sluice.Cli.Tests;

/// <summary>docs/architecture.md's table of services matches the services and what their consumers take.</summary>
public sealed class ArchitectureDocTests
{
    [Fact]
    public void Every_service_is_in_the_architecture_table_with_every_message_its_consumers_take()
    {
        var doc = File.ReadAllLines(Path.Combine(RepoLayout.Root, "docs", "architecture.md"));
        var services = File.ReadAllLines(Path.Combine(RepoLayout.Root, "services", "services.txt"))
            .Where(l => l.Trim().Length > 0 && !l.TrimStart().StartsWith('#'))
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .ToList();
        Assert.Equal(6, services.Count);
        foreach (var service in services)
        {
            var (folder, assemblyName) = (service[0], service[1]);
            var row = doc.SingleOrDefault(l => l.StartsWith($"| `{folder}` |", StringComparison.Ordinal));
            Assert.True(row is not null, $"docs/architecture.md has no row for the service {folder}");
            var consumed = Assembly.Load(assemblyName).GetTypes()
                .SelectMany(t => t.GetInterfaces())
                .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IConsumer<>))
                .Select(i => i.GetGenericArguments()[0].Name)
                .Distinct()
                .ToList();
            Assert.NotEmpty(consumed);
            var consumes = row!.Split('|')[3];
            foreach (var message in consumed)
            {
                Assert.True(consumes.Contains($"`{message}`", StringComparison.Ordinal), $"the {folder} row of docs/architecture.md does not say it consumes {message}: {row}");
            }
        }
    }
}
