namespace Sluice.Cli.Tests;

/// <summary>The test classes that read the one embedded run's lake (<see cref="RunLake"/>), which is made once for them all.</summary>
[CollectionDefinition(Name)]
public sealed class RunLakeCollection : ICollectionFixture<RunLake>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "run lake";
}
