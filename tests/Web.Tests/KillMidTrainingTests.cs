using System.Net.Http.Json;
using System.Text.Json;
using UNet3D.Lab.Experiments.Training;

namespace UNet3D.Lab.Web.Tests;

/// <summary>
/// The lab killed with SIGKILL in the middle of a training run and started again on the same data folder: the run
/// resumes from its checkpoint and its series hold every step exactly once.
/// </summary>
public sealed class KillMidTrainingTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    // Killed past a checkpoint, so that the second process resumes from one; a few seconds of training on an idle
    // 2-core machine (on one loaded by other work, a minute or two).
    [Theory]
    [InlineData(10, 60, 35)]
    [InlineData(200, 240, 200)]
    public async Task Run_killed_mid_training_resumes_and_records_every_step_exactly_once(int checkpointInterval, int steps, int killAfterStep)
    {
        var data = Path.Combine(Path.GetTempPath(), "unet3d-lab-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(data);
        var settings = new Dictionary<string, string> { ["Lab__CheckpointInterval"] = checkpointInterval.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        try
        {
            string id;
            int killedAt;
            var (first, address) = await LabOnDataFolder.StartAsync(data, settings);
            await using (first)
            {
                using var http = new HttpClient { BaseAddress = address };
                var created = await http.PostAsJsonAsync("/api/experiments", new { model = "3d", preset = "smoke", iterations = steps, evaluateEvery = steps / 3, name = "killed" });
                created.EnsureSuccessStatusCode();
                id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
                // Killed the moment a checkpoint past that step is on the disk: the instant when points of the steps
                // it covers are most likely still on their way to the store.
                killedAt = await CheckpointReached(first, Path.Combine(data, "checkpoints", id + ".ckpt"), killAfterStep);
                await first.Kill();
            }
            // The process is gone: what it left on the disk is all the second one finds.
            Assert.InRange(killedAt, killAfterStep, steps - 1);

            var (second, again) = await LabOnDataFolder.StartAsync(data, settings);
            await using (second)
            {
                using var http = new HttpClient { BaseAddress = again };
                var final = await WaitFor(second, http, id, e => e.GetProperty("status").GetString() is "completed" or "failed" or "cancelled");
                Assert.Equal("completed", final.GetProperty("status").GetString());
                Assert.Contains($"Experiment {id} continues from its checkpoint at step", second.Output);

                foreach (var series in new[] { "loss", "learningRate" })
                {
                    var page = await http.GetFromJsonAsync<JsonElement>($"/api/experiments/{id}/series/{series}?maxPoints=10000");
                    var stored = page.GetProperty("points").EnumerateArray().Select(p => p.GetProperty("step").GetInt32()).ToArray();
                    // Every step once, in order: no gap where the kill fell, no step twice where the run resumed.
                    Assert.Equal(Enumerable.Range(1, steps), stored);
                }
                var validation = await http.GetFromJsonAsync<JsonElement>($"/api/experiments/{id}/series/validationIou?maxPoints=10000");
                Assert.Equal([steps / 3, 2 * steps / 3, steps], validation.GetProperty("points").EnumerateArray().Select(p => p.GetProperty("step").GetInt32()));
            }
        }
        finally
        {
            try { Directory.Delete(data, recursive: true); }
            catch (IOException) { }
        }
    }

    private static async Task<int> CheckpointReached(LabOnDataFolder lab, string path, int step)
    {
        using var timeout = new CancellationTokenSource(Patience);
        try
        {
            while (true)
            {
                // Renamed into place whole, so a checkpoint that exists reads back.
                if (File.Exists(path) && TrainingCheckpoint.Load(path).Metadata.Step is var reached && reached >= step) return reached;
                await Task.Delay(5, timeout.Token);
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw new TimeoutException($"No checkpoint at step {step} or later in {Patience}; the lab wrote:\n{lab.Output}");
        }
    }

    private static async Task<JsonElement> WaitFor(LabOnDataFolder lab, HttpClient http, string id, Func<JsonElement, bool> condition)
    {
        using var timeout = new CancellationTokenSource(Patience);
        try
        {
            while (true)
            {
                var experiment = await http.GetFromJsonAsync<JsonElement>($"/api/experiments/{id}", timeout.Token);
                if (condition(experiment)) return experiment;
                await Task.Delay(50, timeout.Token);
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw new TimeoutException($"Experiment {id} did not get there in {Patience}; the lab wrote:\n{lab.Output}");
        }
    }
}
