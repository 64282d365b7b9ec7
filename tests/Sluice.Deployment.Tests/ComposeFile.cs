using System.Diagnostics;
using Sluice.Testing;
using YamlDotNet.RepresentationModel;

namespace Sluice.Deployment.Tests;

/// <summary>docker-compose.yml as Debian's docker-compose (v1) resolves it, with a given env file; parsed from its YAML output.</summary>
internal sealed class ComposeFile
{
    private ComposeFile(YamlMappingNode root)
    {
        Root = root;
    }

    public YamlMappingNode Root { get; }

    public IReadOnlyDictionary<string, YamlMappingNode> Services =>
        ((YamlMappingNode)Root["services"]).Children.ToDictionary(p => ((YamlScalarNode)p.Key).Value!, p => (YamlMappingNode)p.Value);

    /// <summary>Runs <c>docker-compose config</c> with the variables given; returns its exit code, output and error.</summary>
    public static (int ExitCode, string Output, string Error) Config(IReadOnlyDictionary<string, string> variables)
    {
        var envFile = Path.Combine(RepoLayout.NewTempFolder("compose"), "test.env");
        File.WriteAllLines(envFile, variables.Select(p => $"{p.Key}={p.Value}"));
        var start = new ProcessStartInfo("docker-compose")
        {
            WorkingDirectory = RepoLayout.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "--env-file", envFile, "-f", "docker-compose.yml", "config" })
        {
            start.ArgumentList.Add(argument);
        }

        // Only the env file supplies variables: the caller's environment must not fill a gap.
        foreach (var name in variables.Keys.Concat(EnvExample.VariableNames()))
        {
            start.Environment.Remove(name);
        }

        try
        {
            using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start docker-compose");
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            process.WaitForExit();
            return (process.ExitCode, output.Result, error.Result);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("docker-compose is not installed: run scripts/setup.sh first.", e);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(envFile)!, recursive: true);
        }
    }

    /// <summary>The resolved file, failing the test with compose's own message when it does not validate.</summary>
    public static ComposeFile Resolve(IReadOnlyDictionary<string, string> variables)
    {
        var (exitCode, output, error) = Config(variables);
        Assert.True(exitCode == 0, "docker-compose config failed: " + error);
        var yaml = new YamlStream();
        yaml.Load(new StringReader(output));
        return new ComposeFile((YamlMappingNode)yaml.Documents[0].RootNode);
    }

    public static IReadOnlyDictionary<string, string> Environment(YamlMappingNode service) =>
        service.Children.TryGetValue(new YamlScalarNode("environment"), out var node)
            ? ((YamlMappingNode)node).Children.ToDictionary(p => ((YamlScalarNode)p.Key).Value!, p => ((YamlScalarNode)p.Value).Value ?? string.Empty)
            : new Dictionary<string, string>();
}
