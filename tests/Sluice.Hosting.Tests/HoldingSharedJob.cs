using Sluice.Hosting.Jobs;

namespace Sluice.Hosting.Tests;

/// <summary>A shared-lane job that holds its runner until the host stops.</summary>
public sealed class HoldingSharedJob(LaneProbe probe) : ProbeJob(probe, "holding-shared", IJobHandler.SharedLane, holds: true);
