using System.Diagnostics;
using System.Text;

namespace Sluice.Testing;

/// <summary>
/// A Sluice service run as its own operating-system process, as the local stack runs it (<c>dotnet &lt;service&gt;.dll</c>
/// with its settings as <c>Section__Key</c> environment variables), so a test can kill it the way a crash would.
/// </summary>
public sealed class ServiceProcess : IDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();

    private ServiceProcess(Process process)
    {
        this.process = process;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>The process id.</summary>
    public int Id => process.Id;

    /// <summary>True once the process has exited.</summary>
    public bool HasExited => process.HasExited;

    /// <summary>Everything the process wrote so far (for a failing test's message).</summary>
    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    /// <summary>
    /// Starts <c>services/&lt;folder&gt;/bin/&lt;configuration&gt;/net10.0/&lt;assembly&gt;.dll</c> (built with the same
    /// configuration as the tests) with <paramref name="settings"/> as environment variables.
    /// </summary>
    public static ServiceProcess Start(string folder, string assembly, IReadOnlyDictionary<string, string?> settings)
    {
        // The tests run from tests/<project>/bin/<configuration>/net10.0/.
        var configuration = Path.GetFileName(Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)))!;
        var dll = Path.Combine(RepoLayout.Root, "services", folder, "bin", configuration, "net10.0", assembly + ".dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"{dll} is not built: build the solution first.", dll);
        }

        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { dll },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value ?? string.Empty;
        }

        return new ServiceProcess(Process.Start(start) ?? throw new InvalidOperationException($"Could not start {dll}"));
    }

    /// <summary>Kills the process at once (SIGKILL: no shutdown code runs) and waits for it to be gone.</summary>
    public void Kill()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        process.WaitForExit();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Kill();
        process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }
}
