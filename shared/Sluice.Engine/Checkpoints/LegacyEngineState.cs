using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace Sluice.Engine.Checkpoints;

/// <summary>
/// Reads <c>model.pt</c> of version 1 checkpoints, written by the libtorch 1.13 engine through
/// <c>torch::serialize::OutputArchive</c>: a TorchScript archive whose buffers are <c>config</c> (vocab, context,
/// layers, heads, width, tied), <c>optimizer_steps</c>, <c>generator</c> (CPU generator state) and, per parameter,
/// <c>param.NAME</c>, <c>exp_avg.NAME</c> and <c>exp_avg_sq.NAME</c>.
/// </summary>
internal static class LegacyEngineState
{
    /// <summary>What to do with a version 1 checkpoint that cannot be read here.</summary>
    public const string ConversionAdvice =
        "it is a version 1 checkpoint of the libtorch 1.13 engine (one model.pt), which this engine reads through TorchScript and " +
        "converts on load (a run continued or resumed from it writes version 2 checkpoints); this file is damaged or was not written " +
        "by that engine, so use another checkpoint of the run";

    public static void Restore(GptModel model, string path, string folder)
    {
        jit.ScriptModule archive;
        try
        {
            archive = jit.load(path);
        }
        catch (ExternalException e)
        {
            throw new CheckpointException(folder, $"{LegacyModelFile(path)} cannot be read ({e.Message.Split('\n')[0]}): {ConversionAdvice}");
        }

        using (archive)
        {
            // torch::serialize::OutputArchive::write registers tensors as parameters unless told they are buffers.
            var buffers = archive.named_parameters().Select(p => (p.name, Tensor: (Tensor)p.parameter))
                .Concat(archive.named_buffers().Select(b => (b.name, Tensor: b.buffer)))
                .DistinctBy(t => t.name)
                .ToDictionary(t => t.name, t => t.Tensor, StringComparer.Ordinal);
            try
            {
                var config = model.Config;
                long[] expected = [config.VocabSize, config.ContextLength, config.Layers, config.Heads, config.EmbeddingSize, config.TiedEmbeddings ? 1 : 0];
                var stored = buffers.TryGetValue("config", out var c) ? c.data<long>().ToArray() : [];
                if (!stored.SequenceEqual(expected))
                {
                    throw new CheckpointException(folder, $"{LegacyModelFile(path)} holds a model of another shape [{string.Join(", ", stored)}] than config.json [{string.Join(", ", expected)}]");
                }

                var steps = buffers.TryGetValue("optimizer_steps", out var s) ? s.item<long>() : throw new CheckpointException(folder, $"{LegacyModelFile(path)} has no optimizer_steps: {ConversionAdvice}");
                model.RestoreLegacyState(name => buffers.TryGetValue(name, out var t) ? t.alias() : null, steps);
            }
            catch (EngineException e)
            {
                throw new CheckpointException(folder, $"{LegacyModelFile(path)}: {e.Message}: {ConversionAdvice}");
            }
            finally
            {
                foreach (var buffer in buffers.Values)
                {
                    buffer.Dispose();
                }
            }
        }
    }

    private static string LegacyModelFile(string path) => Path.GetFileName(path);
}
