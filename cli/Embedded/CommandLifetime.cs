using Microsoft.Extensions.Hosting;

namespace Sluice.Cli.Embedded;

/// <summary>
/// The embedded host's lifetime: the command starts and stops the host itself, and Ctrl-C or SIGTERM reaches only the
/// command line's handler, which cancels the command (so a training run checkpoints before the host stops). The default
/// console lifetime would also take those signals and stop the application underneath the command, in whichever order
/// the runtime calls the two handlers.
/// </summary>
internal sealed class CommandLifetime : IHostLifetime
{
    /// <inheritdoc />
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
