using System.Runtime.InteropServices;

namespace Sluice.Engine.Native;

/// <summary>The layout of <c>sluice_adamw_step</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NativeAdamWStep
{
    public double LearningRate;
    public double Beta1;
    public double Beta2;
    public double Epsilon;
    public double WeightDecay;
    public double MaxGradNorm;
}
