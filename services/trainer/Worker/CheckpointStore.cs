using System.Globalization;
using System.Text.Json;
using Sluice.Hosting;
using Sluice.Contracts;
using Sluice.Engine;
using Sluice.Engine.Checkpoints;
using Sluice.Stages;
using Sluice.Storage;

namespace Sluice.Training.Worker;

/// <summary>
/// A line's checkpoints in the lake (<c>checkpoints/&lt;model&gt;/&lt;run&gt;/&lt;step&gt;/</c>): uploaded file by file with the
/// manifest last, each checked after upload; the latest complete one found by its manifest; downloaded into a local
/// run folder (where the engine resumes from it exactly); and pruned to the newest few, the line's best and each
/// run's last.
/// </summary>
internal sealed class CheckpointStore(LakeFiles files)
{
    /// <summary>Uploads a complete local checkpoint; returns the manifest's claim check and every file's, the manifest last.</summary>
    public async Task<(StoredObjectRef Manifest, IReadOnlyList<StoredObjectRef> Files)> UploadAsync(string model, string run, Checkpoint checkpoint, CancellationToken cancellationToken)
    {
        var prefix = LakeKeys.CheckpointPrefix(model, run, checkpoint.Manifest.Step);
        var uploaded = new List<StoredObjectRef>();
        foreach (var file in checkpoint.Manifest.Files)
        {
            uploaded.Add(await files.UploadAsync(Path.Combine(checkpoint.Folder, file.Name), prefix + file.Name, 1, cancellationToken).ConfigureAwait(false));
        }

        Failpoints.Hit(Failpoints.CheckpointBeforeManifest);
        var manifest = await files.UploadAsync(Path.Combine(checkpoint.Folder, Checkpoint.ManifestFile), prefix + Checkpoint.ManifestFile, checkpoint.Manifest.Files.Count, cancellationToken).ConfigureAwait(false);
        uploaded.Add(manifest);
        return (manifest, uploaded);
    }

    /// <summary>The steps of a run's complete checkpoints in the lake (those whose manifest is there), ascending.</summary>
    public async Task<List<long>> CompleteStepsAsync(string model, string run, CancellationToken cancellationToken)
    {
        var prefix = $"checkpoints/{model}/{run}/";
        var steps = new List<long>();
        foreach (var key in await files.ListAsync(prefix, cancellationToken).ConfigureAwait(false))
        {
            var rest = key[prefix.Length..];
            if (rest.EndsWith("/" + Checkpoint.ManifestFile, StringComparison.Ordinal)
                && long.TryParse(rest[..rest.IndexOf('/', StringComparison.Ordinal)], NumberStyles.None, CultureInfo.InvariantCulture, out var step))
            {
                steps.Add(step);
            }
        }

        steps.Sort();
        return steps;
    }

    /// <summary>
    /// Downloads a complete checkpoint into <c>&lt;runFolder&gt;/checkpoints/&lt;step&gt;/</c>, every file checked against the
    /// manifest (by the engine's own <see cref="Checkpoint.Open"/>), and returns it.
    /// </summary>
    public async Task<Checkpoint> DownloadAsync(string model, string run, long step, string runFolder, CancellationToken cancellationToken)
    {
        var prefix = LakeKeys.CheckpointPrefix(model, run, step);
        var folder = Checkpoint.FolderFor(runFolder, step);
        Directory.CreateDirectory(folder);
        var manifestKey = prefix + Checkpoint.ManifestFile;
        var manifestInfo = await files.InfoAsync(manifestKey, cancellationToken).ConfigureAwait(false) ?? throw new ObjectNotFoundException(files.Description, manifestKey);
        var manifestPath = Path.Combine(folder, Checkpoint.ManifestFile);
        await files.DownloadAsync(new StoredObjectRef { Key = manifestKey, Sha256 = manifestInfo.Sha256 ?? string.Empty, ByteCount = manifestInfo.ByteCount, RecordCount = 0 }, manifestPath, cancellationToken).ConfigureAwait(false);
        var manifest = Checkpoint.ReadManifest(manifestPath);
        foreach (var file in manifest.Files)
        {
            await files.DownloadAsync(new StoredObjectRef { Key = prefix + file.Name, Sha256 = file.Sha256, ByteCount = file.Bytes, RecordCount = 1 }, Path.Combine(folder, file.Name), cancellationToken).ConfigureAwait(false);
        }

        return Checkpoint.Open(folder);
    }

    /// <summary>Deletes a run's checkpoints in the lake but the newest <paramref name="keep"/> and any in <paramref name="protectedSteps"/>.</summary>
    public async Task PruneAsync(string model, string run, int keep, IReadOnlySet<long> protectedSteps, CancellationToken cancellationToken)
    {
        var steps = await CompleteStepsAsync(model, run, cancellationToken).ConfigureAwait(false);
        foreach (var step in steps.Take(Math.Max(0, steps.Count - keep)).Where(s => !protectedSteps.Contains(s)))
        {
            var prefix = LakeKeys.CheckpointPrefix(model, run, step);
            // The manifest goes first, so a half-deleted checkpoint never reads as complete.
            await files.DeleteAsync(prefix + Checkpoint.ManifestFile, cancellationToken).ConfigureAwait(false);
            foreach (var key in await files.ListAsync(prefix, cancellationToken).ConfigureAwait(false))
            {
                await files.DeleteAsync(key, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
