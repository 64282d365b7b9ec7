using Sluice.Testing;

namespace Sluice.Cli.Tests;

/// <summary>docs/configuration.md cannot drift from the options classes.</summary>
public sealed class ConfigurationReferenceTests
{
    [Fact]
    public void Docs_configuration_md_is_what_the_options_classes_say()
    {
        var path = Path.Combine(RepoLayout.Root, "docs", "configuration.md");
        var generated = ConfigurationReference.Render();
        if (Environment.GetEnvironmentVariable("SLUICE_WRITE_DOCS") == "1")
        {
            File.WriteAllText(path, generated);
        }

        Assert.True(File.Exists(path), $"{path} is missing: run this test with SLUICE_WRITE_DOCS=1");
        Assert.True(
            File.ReadAllText(path) == generated,
            $"{path} differs from the options classes: run SLUICE_WRITE_DOCS=1 dotnet test tests/Sluice.Cli.Tests --filter ConfigurationReference, and commit it");
        Assert.Contains("| `Bus__RabbitMq__Host` | text | `127.0.0.1` |", generated, StringComparison.Ordinal);
        Assert.Contains("`Trainer__Lines__<n>__SequenceLength`", generated, StringComparison.Ordinal);
    }
}
