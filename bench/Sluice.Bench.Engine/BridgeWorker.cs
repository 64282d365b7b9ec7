using System.Buffers.Binary;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;

/// <summary>
/// Trains with the previous engine, the C++ bridge over Debian's libtorch 1.13 (libsluice_engine.so), in this process,
/// on the same batches from the same initial weights; kept only to measure it against the TorchSharp engine before
/// its removal.
/// </summary>
internal static unsafe partial class BridgeWorker
{
    private const string Library = "sluice_engine";

    public static WorkerResult Train(BenchWork work, string libraryPath)
    {
        NativeLibrary.SetDllImportResolver(typeof(BridgeWorker).Assembly, (name, _, _) => name == Library ? NativeLibrary.Load(libraryPath) : IntPtr.Zero);
        Check(SetNumThreads(work.Settings.Threads));
        var m = work.Model;
        var config = new long[] { m.VocabSize, m.ContextLength, m.Layers, m.Heads, m.EmbeddingSize };
        var native = new byte[72];
        fixed (long* c = config)
        {
            new ReadOnlySpan<byte>(c, 40).CopyTo(native);
        }

        BinaryPrimitives.WriteDoubleLittleEndian(native.AsSpan(40), 0.0);
        BinaryPrimitives.WriteInt32LittleEndian(native.AsSpan(48), m.TiedEmbeddings ? 1 : 0);
        BinaryPrimitives.WriteUInt64LittleEndian(native.AsSpan(64), m.Seed);
        IntPtr model;
        fixed (byte* n = native)
        {
            Check(ModelCreate(n, &model));
        }

        var initial = ReadFloatTensors(work.InitialWeights);
        Check(TensorCount(model, out var count));
        for (var i = 0; i < count; i++)
        {
            var name = new byte[256];
            var shape = new long[8];
            int rank;
            fixed (byte* np = name)
            fixed (long* sp = shape)
            {
                Check(TensorInfo(model, i, np, name.Length, sp, &rank));
            }

            var values = initial[System.Text.Encoding.UTF8.GetString(name, 0, Array.IndexOf(name, (byte)0))];
            fixed (float* v = values)
            {
                Check(TensorWrite(model, i, v, values.Length));
            }
        }

        var settings = work.Settings;
        var losses = new List<double>();
        var seconds = new List<double>();
        var cpu = new List<double>();
        var rows = settings.Batch * (settings.Sequence + 1);
        var step = stackalloc double[6] { BenchWork.Step.LearningRate, BenchWork.Step.Beta1, BenchWork.Step.Beta2, BenchWork.Step.Epsilon, BenchWork.Step.WeightDecay, BenchWork.Step.MaxGradNorm };
        var timer = new Stopwatch();
        fixed (int* batches = work.Batches)
        {
            for (var s = 0; s < settings.Steps; s++)
            {
                timer.Restart();
                var cpuStart = ProcessClock.CpuSeconds();
                var loss = 0.0;
                for (var micro = 0; micro < settings.Accumulation; micro++)
                {
                    double microLoss;
                    Check(Accumulate(model, batches + (((s * settings.Accumulation) + micro) * rows), settings.Batch, settings.Sequence, 1.0 / settings.Accumulation, &microLoss));
                    loss += microLoss;
                }

                double norm;
                Check(OptimizerStep(model, step, &norm));
                seconds.Add(timer.Elapsed.TotalSeconds);
                cpu.Add(ProcessClock.CpuSeconds() - cpuStart);
                losses.Add(loss / settings.Accumulation);
            }

            // Generation recomputes the whole window per token (the bridge had no key/value cache).
            var output = new int[settings.PromptTokens + settings.GenerateTokens];
            long produced;
            fixed (int* o = output)
            {
                Check(Generate(model, batches, settings.PromptTokens, 1, 0, 0, 1, 0, o, output.Length, &produced));
                var generation = Stopwatch.StartNew();
                Check(Generate(model, batches, settings.PromptTokens, settings.GenerateTokens, 0, 0, 1, 0, o, output.Length, &produced));
                var total = generation.Elapsed.TotalSeconds;
                generation.Restart();
                Check(Generate(model, batches, settings.PromptTokens, 1, 0, 0, 1, 0, o, output.Length, &produced));
                var first = generation.Elapsed.TotalMilliseconds;
                ModelFree(model);
                return new WorkerResult(losses, seconds, cpu, ProcessClock.Status("VmHWM"), first, settings.GenerateTokens / total, []);
            }
        }
    }

    private static Dictionary<string, float[]> ReadFloatTensors(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var headerLength = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        using var header = JsonDocument.Parse(bytes.AsMemory(8, headerLength));
        var tensors = new Dictionary<string, float[]>(StringComparer.Ordinal);
        foreach (var entry in header.RootElement.EnumerateObject().Where(e => e.Name != "__metadata__"))
        {
            var offsets = entry.Value.GetProperty("data_offsets").EnumerateArray().Select(e => e.GetInt32()).ToArray();
            tensors[entry.Name] = MemoryMarshal.Cast<byte, float>(bytes.AsSpan(8 + headerLength + offsets[0], offsets[1] - offsets[0])).ToArray();
        }

        return tensors;
    }

    private static void Check(int status)
    {
        if (status != 0)
        {
            throw new InvalidOperationException($"libsluice_engine failed ({status}): {Marshal.PtrToStringUTF8(LastError())}");
        }
    }

    [LibraryImport(Library, EntryPoint = "sluice_last_error")]
    private static partial IntPtr LastError();

    [LibraryImport(Library, EntryPoint = "sluice_set_num_threads")]
    private static partial int SetNumThreads(int threads);

    [LibraryImport(Library, EntryPoint = "sluice_model_create")]
    private static partial int ModelCreate(byte* config, IntPtr* model);

    [LibraryImport(Library, EntryPoint = "sluice_model_free")]
    private static partial void ModelFree(IntPtr model);

    [LibraryImport(Library, EntryPoint = "sluice_model_tensor_count")]
    private static partial int TensorCount(IntPtr model, out long count);

    [LibraryImport(Library, EntryPoint = "sluice_model_tensor_info")]
    private static partial int TensorInfo(IntPtr model, long index, byte* name, long nameCapacity, long* shape, int* rank);

    [LibraryImport(Library, EntryPoint = "sluice_model_tensor_write")]
    private static partial int TensorWrite(IntPtr model, long index, float* source, long count);

    [LibraryImport(Library, EntryPoint = "sluice_model_accumulate")]
    private static partial int Accumulate(IntPtr model, int* tokens, long batch, long sequence, double scale, double* loss);

    [LibraryImport(Library, EntryPoint = "sluice_model_optimizer_step")]
    private static partial int OptimizerStep(IntPtr model, double* step, double* gradNorm);

    [LibraryImport(Library, EntryPoint = "sluice_model_generate")]
    private static partial int Generate(IntPtr model, int* prompt, long promptLength, long maxNew, double temperature, long topK, double topP, ulong seed, int* output, long capacity, long* produced);
}
