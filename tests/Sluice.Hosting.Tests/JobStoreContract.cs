using Sluice.Hosting.Jobs;

namespace Sluice.Hosting.Tests;

/// <summary>What every job store promises, run against the in-process store and a real PostgreSQL.</summary>
public abstract class JobStoreContract
{
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(5);

    /// <summary>The store under test, empty at the start of each test.</summary>
    protected abstract IJobStore Store { get; }

    [Fact]
    public async Task Submitting_the_same_id_twice_records_one_job_and_one_holder_at_a_time_claims_it()
    {
        await Store.SubmitAsync("a", "kind", "{}", JobResubmission.Never, default);
        await Store.SubmitAsync("a", "kind", "{\"other\":1}", JobResubmission.Never, default);

        var first = await Store.ClaimAsync(["kind"], "holder-1", Long, default);
        var second = await Store.ClaimAsync(["kind"], "holder-2", Long, default);

        Assert.NotNull(first);
        Assert.Null(second);
        Assert.Equal(("{}", JobState.Running, 1), (first.Job.Payload, first.Job.State, first.Job.Attempts));
        Assert.Null(await Store.ClaimAsync(["other-kind"], "holder-3", Long, default));
    }

    [Fact]
    public async Task A_holder_whose_lease_ran_out_is_replaced_and_can_neither_renew_nor_finish()
    {
        await Store.SubmitAsync("b", "kind", "{}", JobResubmission.Never, default);
        var dead = (await Store.ClaimAsync(["kind"], "dead", TimeSpan.FromMilliseconds(200), default))!;
        await Task.Delay(400);

        var next = await Store.ClaimAsync(["kind"], "next", Long, default);

        Assert.NotNull(next);
        Assert.Equal(2, next.Job.Attempts);
        Assert.False(await Store.RenewAsync(dead, Long, default));
        Assert.False(await Store.FinishAsync(dead, JobOutcome.Success("stale"), default));
        Assert.True(await Store.RenewAsync(next, Long, default));
        Assert.True(await Store.FinishAsync(next, JobOutcome.Success("done"), default));
        var job = (await Store.GetAsync("b", default))!;
        Assert.Equal((JobState.Succeeded, "done", false), (job.State, job.Outcome, job.Announced));
    }

    [Fact]
    public async Task An_outcome_never_announced_is_claimed_again_to_announce_it_and_then_left_alone()
    {
        await Store.SubmitAsync("c", "kind", "{}", JobResubmission.Never, default);
        var lease = (await Store.ClaimAsync(["kind"], "h", TimeSpan.FromMilliseconds(200), default))!;
        Assert.True(await Store.FinishAsync(lease, JobOutcome.Failure("no text"), default));
        await Task.Delay(400);

        var announcer = await Store.ClaimAsync(["kind"], "announcer", Long, default);
        Assert.NotNull(announcer);
        Assert.Equal((JobState.Failed, "no text", 1), (announcer.Job.State, announcer.Job.Outcome, announcer.Job.Attempts));
        await Store.MarkAnnouncedAsync(announcer, default);

        Assert.Null(await Store.ClaimAsync(["kind"], "late", Long, default));
        Assert.True((await Store.GetAsync("c", default))!.Announced);
    }

    [Fact]
    public async Task Resubmission_restarts_a_failed_job_and_with_always_a_finished_or_running_one_too()
    {
        await Store.SubmitAsync("d", "kind", "{}", JobResubmission.Never, default);
        var lease = (await Store.ClaimAsync(["kind"], "h", Long, default))!;
        await Store.FinishAsync(lease, JobOutcome.Failure("no"), default);
        Assert.Equal(JobState.Failed, (await Store.SubmitAsync("d", "kind", "{}", JobResubmission.Never, default)).State);
        Assert.Equal(JobState.Queued, (await Store.SubmitAsync("d", "kind", "{\"v\":2}", JobResubmission.IfFailed, default)).State);

        lease = (await Store.ClaimAsync(["kind"], "h2", Long, default))!;
        Assert.Equal("{\"v\":2}", lease.Job.Payload);
        await Store.SubmitAsync("d", "kind", "{\"v\":3}", JobResubmission.Always, default);
        Assert.True(await Store.FinishAsync(lease, JobOutcome.Success("ran"), default));
        Assert.Equal(JobState.Queued, (await Store.GetAsync("d", default))!.State);

        lease = (await Store.ClaimAsync(["kind"], "h3", Long, default))!;
        Assert.True(await Store.FinishAsync(lease, JobOutcome.Success("ran again"), default));
        Assert.Equal(JobState.Succeeded, (await Store.GetAsync("d", default))!.State);
        Assert.Equal(JobState.Succeeded, (await Store.SubmitAsync("d", "kind", "{}", JobResubmission.IfFailed, default)).State);
        Assert.Equal(JobState.Queued, (await Store.SubmitAsync("d", "kind", "{}", JobResubmission.Always, default)).State);
    }

    [Fact]
    public async Task Work_parked_on_a_job_is_kept_until_removed_and_nothing_is_parked_once_it_succeeded()
    {
        await Store.SubmitAsync("e", "kind", "{}", JobResubmission.Never, default);
        Assert.Null(await Store.WaitOnAsync("missing", new JobWaiter("x", "{}"), default));
        Assert.Equal(JobState.Queued, (await Store.WaitOnAsync("e", new JobWaiter("shard-2", "two"), default))!.State);
        await Store.WaitOnAsync("e", new JobWaiter("shard-1", "one"), default);
        await Store.WaitOnAsync("e", new JobWaiter("shard-1", "one again"), default);
        Assert.Equal([new JobWaiter("shard-1", "one again"), new JobWaiter("shard-2", "two")], await Store.WaitersAsync("e", default));

        var lease = (await Store.ClaimAsync(["kind"], "h", Long, default))!;
        await Store.FinishAsync(lease, JobOutcome.Success("id"), default);
        Assert.Equal(JobState.Succeeded, (await Store.WaitOnAsync("e", new JobWaiter("shard-3", "three"), default))!.State);
        await Store.RemoveWaiterAsync("e", "shard-1", default);
        Assert.Equal([new JobWaiter("shard-2", "two")], await Store.WaitersAsync("e", default));
    }

    [Fact]
    public async Task A_released_job_is_claimable_at_once()
    {
        await Store.SubmitAsync("f", "kind", "{}", JobResubmission.Never, default);
        var lease = (await Store.ClaimAsync(["kind"], "stopping", Long, default))!;
        await Store.ReleaseAsync(lease, default);

        var next = await Store.ClaimAsync(["kind"], "next", Long, default);

        Assert.NotNull(next);
        Assert.Equal(2, next.Job.Attempts);
    }
}
