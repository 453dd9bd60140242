using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using UNet3D.Lab.Experiments.Data;
using UNet3D.Lab.Experiments.Data.Formats;
using UNet3D.Lab.Experiments.Runs;
using UNet3D.Lab.Experiments.Training;
using Xunit.Abstractions;
using static UNet3D.Lab.Web.Tests.AnnotationTestVolumes;
using static UNet3D.Lab.Web.Tests.DatasetAnnotationsApiTests;

namespace UNet3D.Lab.Web.Tests;

/// <summary>
/// "Train on my slices" and "Correct and retrain": a volume imported without labels, two painted slices, a smoke run
/// whose prediction downloads, and a second run from the first one's final checkpoint.
/// </summary>
public sealed class AnnotationTrainingApiTests(ExperimentOutputsLabFixture fixture, ITestOutputHelper output) : IClassFixture<ExperimentOutputsLabFixture>, IDisposable
{
    private const int X = 24, Y = 20, Z = 12;
    private readonly HttpClient client = fixture.Lab.CreateClient();

    public void Dispose() => client.Dispose();

    // Intensity rises with x (see ImportUnlabeled): class by x band, so the network has something to learn.
    private static byte ClassAt(int x) => (byte)(x < 8 ? 0 : x < 16 ? 1 : 2);

    [Fact]
    public async Task Train_on_two_painted_slices_of_an_unlabelled_volume_then_correct_and_retrain_from_its_checkpoint()
    {
        var id = await ImportUnlabeled(client, X, Y, Z, "painted-for-training");
        await AssertProblem(await client.PostAsJsonAsync($"/api/datasets/{id}/train", new { preset = "smoke" }), HttpStatusCode.BadRequest, "has no labelled voxel yet");

        Assert.Equal(HttpStatusCode.OK, (await client.PutAsync($"/api/datasets/{id}/annotations/z/3", Gray(X, Y, (c, r) => r % 2 == 0 ? ClassAt(c) : (byte)255))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsync($"/api/datasets/{id}/annotations/y/10", Gray(X, Z, (c, _) => ClassAt(c)))).StatusCode);

        var created = await client.PostAsJsonAsync($"/api/datasets/{id}/train", new { preset = "smoke", iterations = 4 });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var run = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var config = (await WaitUntilCompleted(run)).GetProperty("config");
        Assert.Equal("3d", config.GetProperty("model").GetString());
        Assert.True(config.GetProperty("trainOnAllLabels").GetBoolean());
        Assert.Equal(id, config.GetProperty("datasets")[0].GetProperty("id").GetString());

        var prediction = await client.GetAsync($"/api/experiments/{run}/predictions/{id}.nii.gz");
        Assert.True(prediction.StatusCode == HttpStatusCode.OK, await prediction.Content.ReadAsStringAsync());
        var labels = NiftiReader.Read(await prediction.Content.ReadAsStreamAsync(), "prediction.nii.gz", gzip: true);
        Assert.Equal((X, Y, Z), (labels.X, labels.Y, labels.Z));
        Assert.All(labels.Data.Distinct(), v => Assert.InRange(v, 0, 2));

        // Correct a slice, then retrain: same configuration, starting from the first run.
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsync($"/api/datasets/{id}/annotations/x/20", Gray(Y, Z, (_, _) => 2))).StatusCode);
        var retrain = await client.PostAsJsonAsync($"/api/experiments/{run}/retrain", new { });
        Assert.True(retrain.StatusCode == HttpStatusCode.Created, await retrain.Content.ReadAsStringAsync());
        var second = (await retrain.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var secondConfig = (await WaitUntilCompleted(second)).GetProperty("config");
        Assert.Equal(run, secondConfig.GetProperty("startFrom").GetString());
        foreach (var field in new[] { "model", "preset", "iterations", "seed", "name" })
            Assert.Equal(config.GetProperty(field).ToString(), secondConfig.GetProperty(field).ToString());

        // The second run started from the first one's weights, not from its seed's: its first step, on the same tile
        // as the first run's first step (same seed), has a lower loss.
        var firstLosses = TrainingCheckpoint.Load(Path.Combine(fixture.Lab.DataDirectory, "checkpoints", run + ".ckpt")).Metadata.Losses;
        var secondLosses = TrainingCheckpoint.Load(Path.Combine(fixture.Lab.DataDirectory, "checkpoints", second + ".ckpt")).Metadata.Losses;
        output.WriteLine($"first step's loss: first run {firstLosses[0]}, retrained run {secondLosses[0]}");
        Assert.True(secondLosses[0] < firstLosses[0], $"first loss {secondLosses[0]} of the retrained run is not below {firstLosses[0]}");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/experiments/{second}/predictions/{id}.nii.gz")).StatusCode);
    }

    [Fact]
    public async Task Bad_training_requests_name_the_problem()
    {
        var id = await ImportUnlabeled(client, X, Y, Z, "bad-training");
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsync($"/api/datasets/{id}/annotations/z/0", Gray(X, Y, (c, _) => ClassAt(c)))).StatusCode);
        await AssertProblem(await client.PostAsJsonAsync($"/api/datasets/{id}/train", new { preset = "huge" }), HttpStatusCode.BadRequest, "Unknown preset 'huge'");
        await AssertProblem(await client.PostAsJsonAsync($"/api/datasets/{id}/train", new { preset = "smoke", iterations = 0 }), HttpStatusCode.BadRequest, "iterations: must be between 1");
        await AssertProblem(await client.PostAsJsonAsync($"/api/datasets/{id}/train", new { iterations = 3 }), HttpStatusCode.BadRequest, "preset: is required");
        await AssertProblem(await client.PostAsJsonAsync($"/api/datasets/{id}/train", new { preset = "smoke", seeds = 3 }), HttpStatusCode.BadRequest, "seeds: is not a field");
        await AssertProblem(await client.PostAsJsonAsync("/api/datasets/ds-nosuchthing/train", new { preset = "smoke" }), HttpStatusCode.NotFound, "No dataset with id 'ds-nosuchthing'");
        await AssertProblem(await client.PostAsJsonAsync("/api/experiments/no-such-run/retrain", new { }), HttpStatusCode.NotFound, "No experiment with id 'no-such-run'");

        // A run still queued or training has no final checkpoint to start from.
        var running = await client.PostAsJsonAsync($"/api/datasets/{id}/train", new { preset = "smoke", iterations = 100000 });
        Assert.True(running.StatusCode == HttpStatusCode.Created, await running.Content.ReadAsStringAsync());
        var runningId = (await running.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        try
        {
            await AssertProblem(await client.PostAsJsonAsync($"/api/experiments/{runningId}/retrain", new { }), HttpStatusCode.BadRequest, $"Experiment '{runningId}' has ");
        }
        finally
        {
            await client.PostAsync($"/api/experiments/{runningId}/cancel", null);
        }
    }

    [Fact]
    public void Start_from_and_train_on_all_labels_are_configuration_fields_the_compare_view_diffs()
    {
        var first = new ExperimentSpec { Model = ModelKind.ThreeD, Datasets = [new DatasetSelection("ds-a")], TrainOnAllLabels = true };
        var diff = Compare.ConfigDiff.Of([first, first with { StartFrom = "exp-1" }]);
        Assert.Equal(["startFrom"], diff.Differing);
        Assert.Equal("exp-1", diff.Values[1]["startFrom"]);
        Assert.Equal("true", diff.Values[0]["trainOnAllLabels"]);
        Assert.Contains("startFrom", Compare.ConfigDiff.GroupableFields);
    }

    private async Task<JsonElement> WaitUntilCompleted(string id)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        while (true)
        {
            var experiment = await client.GetFromJsonAsync<JsonElement>($"/api/experiments/{id}", timeout.Token);
            var status = experiment.GetProperty("status").GetString();
            if (status is "failed" or "cancelled") throw new InvalidOperationException($"run {id} {status}: {experiment}");
            if (status == "completed") return experiment;
            await Task.Delay(100, timeout.Token);
        }
    }
}
