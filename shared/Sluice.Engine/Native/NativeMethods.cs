using System.Runtime.InteropServices;

namespace Sluice.Engine.Native;

/// <summary>P/Invoke declarations for <c>shared/native/sluice_engine.h</c>.</summary>
internal static unsafe partial class NativeMethods
{
    public const string Library = "sluice_engine";

    static NativeMethods() => NativeLibraryLocator.Register();

    [LibraryImport(Library, EntryPoint = "sluice_abi_version")]
    public static partial int AbiVersion();

    [LibraryImport(Library, EntryPoint = "sluice_last_error")]
    public static partial IntPtr LastError();

    [LibraryImport(Library, EntryPoint = "sluice_runtime_info")]
    public static partial EngineStatus RuntimeInfo(byte* buffer, long capacity, out long required);

    [LibraryImport(Library, EntryPoint = "sluice_set_num_threads")]
    public static partial EngineStatus SetNumThreads(int threads);

    [LibraryImport(Library, EntryPoint = "sluice_get_num_threads")]
    public static partial EngineStatus GetNumThreads(out int threads);

    [LibraryImport(Library, EntryPoint = "sluice_model_create")]
    public static partial EngineStatus ModelCreate(in NativeModelConfig config, out ModelHandle model);

    [LibraryImport(Library, EntryPoint = "sluice_model_free")]
    public static partial void ModelFree(IntPtr model);

    [LibraryImport(Library, EntryPoint = "sluice_model_parameter_count")]
    public static partial EngineStatus ParameterCount(ModelHandle model, out long count);

    [LibraryImport(Library, EntryPoint = "sluice_model_accumulate")]
    public static partial EngineStatus Accumulate(ModelHandle model, int* tokens, long batch, long sequence, double scale, out double loss);

    [LibraryImport(Library, EntryPoint = "sluice_model_optimizer_step")]
    public static partial EngineStatus OptimizerStep(ModelHandle model, in NativeAdamWStep step, out double gradNorm);

    [LibraryImport(Library, EntryPoint = "sluice_model_eval_loss")]
    public static partial EngineStatus EvalLoss(ModelHandle model, int* tokens, long batch, long sequence, out double loss);

    [LibraryImport(Library, EntryPoint = "sluice_model_logits")]
    public static partial EngineStatus Logits(ModelHandle model, int* tokens, long batch, long sequence, float* logits, long capacity);

    [LibraryImport(Library, EntryPoint = "sluice_model_generate")]
    public static partial EngineStatus Generate(
        ModelHandle model, int* prompt, long promptLength, long maxNew, double temperature, long topK, double topP, ulong seed,
        int* output, long outputCapacity, out long produced);

    [LibraryImport(Library, EntryPoint = "sluice_model_save", StringMarshalling = StringMarshalling.Utf8)]
    public static partial EngineStatus Save(ModelHandle model, string path);

    [LibraryImport(Library, EntryPoint = "sluice_model_load", StringMarshalling = StringMarshalling.Utf8)]
    public static partial EngineStatus Load(ModelHandle model, string path);

    [LibraryImport(Library, EntryPoint = "sluice_model_optimizer_steps")]
    public static partial EngineStatus OptimizerSteps(ModelHandle model, out long steps);

    [LibraryImport(Library, EntryPoint = "sluice_model_tensor_count")]
    public static partial EngineStatus TensorCount(ModelHandle model, out long count);

    [LibraryImport(Library, EntryPoint = "sluice_model_tensor_info")]
    public static partial EngineStatus TensorInfo(ModelHandle model, long index, byte* name, long nameCapacity, long* shape, out int rank);

    [LibraryImport(Library, EntryPoint = "sluice_model_tensor_read")]
    public static partial EngineStatus TensorRead(ModelHandle model, long index, float* destination, long count);

    [LibraryImport(Library, EntryPoint = "sluice_model_tensor_write")]
    public static partial EngineStatus TensorWrite(ModelHandle model, long index, float* source, long count);

    /// <summary>Throws the typed exception for a failed status, carrying the native message.</summary>
    public static void Check(EngineStatus status, string operation)
    {
        if (status == EngineStatus.Ok)
        {
            return;
        }

        var message = $"{operation}: {Marshal.PtrToStringUTF8(LastError())}";
        throw status switch
        {
            EngineStatus.InvalidArgument => new EngineArgumentException(message),
            EngineStatus.IOError => new EngineIOException(message),
            EngineStatus.OutOfMemory => new EngineOutOfMemoryException(message),
            EngineStatus.TorchError => new TorchException(message),
            _ => new EngineException(message),
        };
    }
}
