using Sluice.Hosting.Jobs;

namespace Sluice.Hosting.Tests;

/// <summary>A shared-lane job that succeeds at once.</summary>
public sealed class QuickSharedJob(LaneProbe probe) : ProbeJob(probe, "quick-shared", IJobHandler.SharedLane, holds: false);
