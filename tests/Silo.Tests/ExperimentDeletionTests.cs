using UNet3D.Lab.Experiments.Runs;
using UNet3D.Lab.Silo.Grains;
using UNet3D.Lab.Silo.Models;
using UNet3D.Lab.Silo.Runs;

namespace UNet3D.Lab.Silo.Tests;

/// <summary>Deleting a run: a finished one goes with its index row and checkpoint; a queued or running one is refused.</summary>
public sealed class ExperimentDeletionTests : IdleLabTest
{
    [Fact]
    public async Task Finished_run_is_removed_with_its_row_and_checkpoint_and_is_then_unknown()
    {
        var kept = await TestRuns.Submit(Cluster.Client, TestRuns.Spec("kept"));
        var grain = await TestRuns.Submit(Cluster.Client, TestRuns.Spec("doomed"));
        await TestRuns.Complete(grain, meanIou: 0.7, finalLoss: 0.2, trainingSeconds: 5);
        var id = grain.GetPrimaryKeyString();
        var checkpoint = new LabOptions { DataDirectory = DataPath }.CheckpointPath(id);
        Directory.CreateDirectory(Path.GetDirectoryName(checkpoint)!);
        await File.WriteAllTextAsync(checkpoint, "weights");
        await File.WriteAllTextAsync(checkpoint + ".partial", "half");

        var removal = await grain.Delete();

        Assert.Equal(ExperimentRemoval.Done(ExperimentStatus.Completed), removal);
        Assert.Null(await grain.Get());
        Assert.False(File.Exists(checkpoint));
        Assert.False(File.Exists(checkpoint + ".partial"));
        var page = await Runs.Query(RunQuery.Default);
        Assert.Equal([kept.GetPrimaryKeyString()], page.Items.Select(r => r.Id));
        Assert.Equal(1, page.Total);
        Assert.Equal(ExperimentRemoval.NotFound, await grain.Delete());
        Assert.Null(await grain.Annotate(new RunAnnotation { Name = "back?" }));
        Assert.Null(await grain.Cancel());
    }

    [Fact]
    public async Task Failed_and_cancelled_runs_can_be_deleted_without_a_checkpoint()
    {
        var failed = await TestRuns.Submit(Cluster.Client, TestRuns.Spec("failed"));
        await TestRuns.Fail(failed);
        var cancelled = await TestRuns.Submit(Cluster.Client, TestRuns.Spec("cancelled"));
        await cancelled.Cancel();

        Assert.Equal(ExperimentRemoval.Done(ExperimentStatus.Failed), await failed.Delete());
        Assert.Equal(ExperimentRemoval.Done(ExperimentStatus.Cancelled), await cancelled.Delete());
        Assert.Equal(0, (await Runs.Query(RunQuery.Default)).Total);
    }

    [Fact]
    public async Task Queued_or_running_run_is_refused_and_kept()
    {
        var queued = await TestRuns.Submit(Cluster.Client, TestRuns.Spec("queued"));
        var running = await TestRuns.Submit(Cluster.Client, TestRuns.Spec("running"));
        await TestRuns.Start(running);

        Assert.Equal(ExperimentRemoval.Refused(ExperimentStatus.Queued), await queued.Delete());
        Assert.Equal(ExperimentRemoval.Refused(ExperimentStatus.Running), await running.Delete());

        Assert.Equal(ExperimentStatus.Queued, (await queued.Get())!.Status);
        Assert.Equal(ExperimentStatus.Running, (await running.Get())!.Status);
        Assert.Equal(2, (await Runs.Query(RunQuery.Default)).Total);
        // Cancelled, the queued one can go.
        await queued.Cancel();
        Assert.True((await queued.Delete()).Removed);
    }

    [Fact]
    public async Task Deleted_run_stays_deleted_after_a_restart()
    {
        var grain = await TestRuns.Submit(Cluster.Client, TestRuns.Spec("gone"));
        await TestRuns.Fail(grain);
        var id = grain.GetPrimaryKeyString();
        Assert.True((await grain.Delete()).Removed);
        await Restart();
        Assert.Null(await Cluster.Client.GetGrain<IExperimentGrain>(id).Get());
        Assert.Equal(0, (await Runs.Query(RunQuery.Default)).Total);
    }
}
