namespace Sluice.Engine.Native;

/// <summary>Status codes returned by every function of the native engine (<c>enum sluice_status</c>).</summary>
internal enum EngineStatus
{
    Ok = 0,
    InvalidArgument = 1,
    IOError = 2,
    TorchError = 3,
    OutOfMemory = 4,
    InternalError = 5,
}
