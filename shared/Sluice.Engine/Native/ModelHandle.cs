using System.Runtime.InteropServices;

namespace Sluice.Engine.Native;

/// <summary>Owns a native <c>sluice_model*</c>; released exactly once, also when a finalizer runs.</summary>
internal sealed class ModelHandle : SafeHandle
{
    public ModelHandle()
        : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        NativeMethods.ModelFree(handle);
        return true;
    }
}
