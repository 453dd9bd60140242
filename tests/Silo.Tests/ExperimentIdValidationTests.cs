using UNet3D.Lab.Silo.Grains;
using UNet3D.Lab.Silo.Models;

namespace UNet3D.Lab.Silo.Tests;

/// <summary>An id that could name a path outside the data folder never reaches a file path.</summary>
public sealed class ExperimentIdValidationTests
{
    [Fact]
    public async Task Experiment_grain_refuses_a_malicious_id_before_any_call()
    {
        using var data = new TemporaryDirectory();
        await using var cluster = await LabClusterFactory.StartAsync(data.Path, workerSlots: 0);

        foreach (var id in new[] { "../../etc", "..", "exp-a/b", "exp-a\\b" })
        {
            var refused = await Assert.ThrowsAsync<ArgumentException>(() => cluster.Client.GetGrain<IExperimentGrain>(id).Delete());
            Assert.Contains($"'{id}'", refused.Message, StringComparison.Ordinal);
        }
        Assert.False(Directory.Exists(Path.Combine(data.Path, "checkpoints")));
        // A lab id goes through.
        Assert.Equal(ExperimentRemoval.NotFound, await cluster.Client.GetGrain<IExperimentGrain>(ExperimentIds.New()).Delete());
    }

    [Theory]
    [InlineData("../../etc")]
    [InlineData("a/../../b")]
    [InlineData("")]
    public void Checkpoint_path_refuses_a_malicious_id(string id) =>
        Assert.Throws<ArgumentException>(() => new LabOptions { DataDirectory = "/tmp/lab" }.CheckpointPath(id));

    [Fact]
    public void Checkpoint_path_of_a_lab_id_stays_in_the_checkpoints_folder()
    {
        var id = ExperimentIds.New();
        Assert.Equal(Path.Combine("/tmp/lab", "checkpoints", id + ".ckpt"), new LabOptions { DataDirectory = "/tmp/lab" }.CheckpointPath(id));
    }
}
