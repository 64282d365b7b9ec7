namespace Sluice.Engine.Tests;

/// <summary>
/// Every engine test runs in this one collection, one at a time: libtorch already uses both cores for each test,
/// and the resident-memory measurement must not see other tests' models come and go.
/// </summary>
[CollectionDefinition(Name)]
public sealed class EngineCollection
{
    public const string Name = "engine";
}
