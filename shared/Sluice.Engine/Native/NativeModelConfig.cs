using System.Runtime.InteropServices;

namespace Sluice.Engine.Native;

/// <summary>The layout of <c>sluice_model_config</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NativeModelConfig
{
    public long VocabSize;
    public long ContextLength;
    public long Layers;
    public long Heads;
    public long EmbeddingSize;
    public double Dropout;
    public int TiedEmbeddings;
    public int Device;
    public int Bf16Autocast;
    public int Reserved;
    public ulong Seed;
}
