using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using UNet3D.Lab.Experiments.Training;
using Xunit.Abstractions;

namespace UNet3D.Lab.Web.Tests.Cluster;

/// <summary>
/// A training silo killed with <c>kill -9</c> in the middle of a run, in the redis cluster mode with real processes:
/// cluster membership declares it dead, the queue takes its lease back and another training silo resumes the run from
/// its last checkpoint in the shared folder; the run's series hold every step exactly once.
/// </summary>
[Collection(LabClusterProcesses.Collection)]
public sealed class SiloFailoverTests(ITestOutputHelper output)
{
    private const int Steps = 150;
    private const int CheckpointInterval = 10;
    private const int KillAfterStep = 30;

    // Patience for a busy machine, not a measurement: the times measured are printed, not asserted.
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Run_on_a_killed_training_silo_finishes_on_another_with_every_step_once()
    {
        await using var cluster = await LabClusterProcesses.StartAsync();
        var training = new Dictionary<string, string> { ["Lab__CheckpointInterval"] = CheckpointInterval.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        // The data silo trains nothing: the run goes to one of the two training silos, the other waits idle.
        var data = await cluster.StartSiloAsync("data", hostsData: true, workerSlots: 0);
        var joined = await Task.WhenAll(
            cluster.StartSiloAsync("train-1", hostsData: false, workerSlots: 1, training),
            cluster.StartSiloAsync("train-2", hostsData: false, workerSlots: 1, training));
        var (first, second) = (joined[0], joined[1]);
        try
        {
            using var http = data.CreateClient();
            var created = await http.PostAsJsonAsync("/api/experiments", new { model = "3d", preset = "smoke", iterations = Steps, evaluateEvery = Steps / 3, name = "failover" });
            created.EnsureSuccessStatusCode();
            var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

            var checkpointed = await CheckpointReached(Path.Combine(cluster.SharedDirectory, "checkpoints", id + ".ckpt"), KillAfterStep);
            var running = await http.GetFromJsonAsync<JsonElement>($"/api/experiments/{id}");
            var holder = running.GetProperty("worker").GetString()!;
            var (victim, survivor) = holder.Contains($":{first.SiloPort}/", StringComparison.Ordinal) ? (first, second) : (second, first);
            Assert.Contains($":{victim.SiloPort}/slot1", holder);

            await victim.KillAsync();
            var sinceKill = Stopwatch.StartNew();
            output.WriteLine($"Killed {victim.Name} (pid {victim.ProcessId}) with a checkpoint at step {checkpointed} on disk, the run at step {Progress(running)}");

            // Taken back once membership declares the silo dead, then trained again by the survivor.
            TimeSpan? takenBack = null;
            TimeSpan? startedElsewhere = null;
            TimeSpan? trainingElsewhere = null;
            int resumedAt = 0;
            var final = await WaitFor(cluster, http, id, experiment =>
            {
                takenBack ??= data.Output.Contains($"Experiment {id} (attempt", StringComparison.Ordinal) && data.Output.Contains("is dead", StringComparison.Ordinal) ? sinceKill.Elapsed : null;
                var elsewhere = experiment.GetProperty("worker").GetString() is { } worker && worker.Contains($":{survivor.SiloPort}/", StringComparison.Ordinal);
                if (elsewhere && startedElsewhere is null)
                {
                    startedElsewhere = sinceKill.Elapsed;
                    resumedAt = Progress(experiment);
                }
                if (elsewhere && trainingElsewhere is null && Progress(experiment) > resumedAt) trainingElsewhere = sinceKill.Elapsed;
                return experiment.GetProperty("status").GetString() is "completed" or "failed" or "cancelled";
            });

            output.WriteLine($"kill -9 -> taken back from the dead silo (seen in the data silo's log): {Seconds(takenBack)}");
            output.WriteLine($"kill -9 -> run started on {survivor.Name}: {Seconds(startedElsewhere)} (at step {resumedAt})");
            output.WriteLine($"kill -9 -> first new progress on {survivor.Name}: {Seconds(trainingElsewhere)}");
            output.WriteLine($"kill -9 -> completed: {Seconds(sinceKill.Elapsed)}");

            Assert.Equal("completed", final.GetProperty("status").GetString());
            Assert.Contains($":{survivor.SiloPort}/slot1", final.GetProperty("worker").GetString());
            Assert.Contains($"Experiment {id} continues from its checkpoint at step", survivor.Output);
            foreach (var series in new[] { "loss", "learningRate" })
            {
                var page = await http.GetFromJsonAsync<JsonElement>($"/api/experiments/{id}/series/{series}?maxPoints=10000");
                var stored = page.GetProperty("points").EnumerateArray().Select(p => p.GetProperty("step").GetInt32()).ToArray();
                // Every step once, in order: no gap where the silo died, no step twice where the other resumed.
                Assert.Equal(Enumerable.Range(1, Steps), stored);
            }
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            throw new InvalidOperationException($"{e.Message}\n{cluster.Output}", e);
        }
    }

    private static int Progress(JsonElement experiment) => experiment.GetProperty("progress").GetProperty("step").GetInt32();

    private static string Seconds(TimeSpan? time) => time is { } t ? $"{t.TotalSeconds:F1} s" : "not seen";

    private static async Task<int> CheckpointReached(string path, int step)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (true)
        {
            // Renamed into place whole, so a checkpoint that exists reads back.
            if (File.Exists(path) && TrainingCheckpoint.Load(path).Metadata.Step is var reached && reached >= step) return reached;
            try { await Task.Delay(5, timeout.Token); }
            catch (OperationCanceledException) { throw new TimeoutException($"No checkpoint at step {step} or later in {Patience}."); }
        }
    }

    private static async Task<JsonElement> WaitFor(LabClusterProcesses cluster, HttpClient http, string id, Func<JsonElement, bool> done)
    {
        using var timeout = new CancellationTokenSource(Patience);
        try
        {
            while (true)
            {
                var experiment = await http.GetFromJsonAsync<JsonElement>($"/api/experiments/{id}", timeout.Token);
                if (done(experiment)) return experiment;
                await Task.Delay(100, timeout.Token);
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw new TimeoutException($"Experiment {id} did not finish in {Patience}:\n{cluster.Output}");
        }
    }
}
