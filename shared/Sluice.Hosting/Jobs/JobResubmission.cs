namespace Sluice.Hosting.Jobs;

/// <summary>What a submit of a job id that already exists does.</summary>
public enum JobResubmission
{
    /// <summary>Nothing: the job is recorded once, whatever happened to it.</summary>
    Never = 0,

    /// <summary>A failed job is queued again (a new request may succeed where the last failed).</summary>
    IfFailed = 1,

    /// <summary>
    /// A finished job is queued again, and a running one runs once more after the current attempt (whose outcome is
    /// then not announced): for a job that works through whatever has arrived, such as a model line's training.
    /// </summary>
    Always = 2,
}
