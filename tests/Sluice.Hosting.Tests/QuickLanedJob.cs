namespace Sluice.Hosting.Tests;

/// <summary>A job in a lane of its own that succeeds at once.</summary>
public sealed class QuickLanedJob(LaneProbe probe) : ProbeJob(probe, "quick-laned", "own-lane", holds: false);
