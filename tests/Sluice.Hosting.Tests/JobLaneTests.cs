using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Sluice.Hosting.Jobs;

namespace Sluice.Hosting.Tests;

/// <summary>The job runner's lanes: one job at a time within a lane, lanes side by side.</summary>
public sealed class JobLaneTests
{
    [Fact]
    public async Task A_job_in_its_own_lane_runs_while_a_shared_lane_job_holds_the_runner_and_the_shared_lane_waits()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ApplicationName = "lane-tests", DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Bus:Transport"] = "InMemory",
            ["Jobs:Store"] = "InProcess",
            ["Jobs:PollMilliseconds"] = "50",
        });
        builder.Services.AddSingleton<LaneProbe>();
        builder.AddServiceDefaults();
        builder.AddSluiceBus(_ => { });
        builder.AddJobHandler<HoldingSharedJob>();
        builder.AddJobHandler<QuickSharedJob>();
        builder.AddJobHandler<QuickLanedJob>();
        using var host = builder.Build();
        var probe = host.Services.GetRequiredService<LaneProbe>();
        var store = host.Services.GetRequiredService<IJobStore>();
        await host.StartAsync();
        try
        {
            await store.SubmitAsync("holding", "holding-shared", "{}", JobResubmission.Never, CancellationToken.None);
            await probe.Started("holding-shared").Task.WaitAsync(TimeSpan.FromSeconds(30));
            await store.SubmitAsync("quick", "quick-shared", "{}", JobResubmission.Never, CancellationToken.None);
            await store.SubmitAsync("laned", "quick-laned", "{}", JobResubmission.Never, CancellationToken.None);

            // The laned job runs to its end beside the holding one; the other shared-lane job cannot start while it holds.
            await probe.Started("quick-laned").Task.WaitAsync(TimeSpan.FromSeconds(30));
            await WaitForStateAsync(store, "laned", JobState.Succeeded);
            Assert.False(probe.Started("quick-shared").Task.IsCompleted, "a second shared-lane job started while the first held the lane");
            Assert.Equal(JobState.Queued, (await store.GetAsync("quick", CancellationToken.None))!.State);
        }
        finally
        {
            await host.StopAsync();
        }

        // Stopping put the holding job back in the queue for the next runner.
        Assert.Equal(JobState.Queued, (await store.GetAsync("holding", CancellationToken.None))!.State);
    }

    private static async Task WaitForStateAsync(IJobStore store, string jobId, JobState state)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await store.GetAsync(jobId, CancellationToken.None))?.State != state)
        {
            Assert.True(DateTime.UtcNow < deadline, $"job {jobId} did not reach {state}");
            await store.WaitForWorkAsync(TimeSpan.FromMilliseconds(50), CancellationToken.None);
        }
    }
}
