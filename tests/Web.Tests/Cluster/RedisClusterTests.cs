using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using UNet3D.Lab.Tests.Shared;

namespace UNet3D.Lab.Web.Tests.Cluster;

/// <summary>
/// The redis cluster mode with real processes: a redis-server of its own and silos of the built lab, each with its own
/// data folder, one shared folder for datasets and checkpoints.
/// </summary>
[Collection(LabClusterProcesses.Collection)]
public sealed class RedisClusterTests
{
    [Fact]
    public async Task A_training_silo_may_start_first_and_grain_state_outlives_the_data_silo_in_redis()
    {
        await using var cluster = await LabClusterProcesses.StartAsync();
        var worker = await cluster.StartSiloAsync("worker", hostsData: false);
        var data = await cluster.StartSiloAsync("data", hostsData: true);
        try
        {
            // Written through the silo that hosts no grains, read through the one that does.
            using var workerClient = worker.CreateClient();
            var created = await workerClient.PostAsJsonAsync("/api/experiments", new { model = "3d", iterations = 2, name = "through the worker" });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
            using (var dataClient = data.CreateClient())
            {
                var read = await dataClient.GetFromJsonAsync<JsonElement>($"/api/experiments/{id}");
                Assert.Equal("through the worker", read.GetProperty("config").GetProperty("name").GetString());
                Assert.Equal("queued", read.GetProperty("status").GetString());
            }

            // The data silo leaves; another, on a data folder of its own, joins: the experiment's state was in Redis.
            await data.StopAsync();
            var replacement = await cluster.StartSiloAsync("data-again", hostsData: true);
            using (var replacementClient = replacement.CreateClient())
                Assert.Equal("through the worker", (await replacementClient.GetFromJsonAsync<JsonElement>($"/api/experiments/{id}")).GetProperty("config").GetProperty("name").GetString());

            // The training silo leaves and rejoins on its own folder.
            await worker.StopAsync();
            var rejoined = await cluster.StartSiloAsync("worker", hostsData: false);
            using var rejoinedClient = rejoined.CreateClient();
            Assert.Equal("queued", (await rejoinedClient.GetFromJsonAsync<JsonElement>($"/api/experiments/{id}")).GetProperty("status").GetString());
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            throw new InvalidOperationException($"{e.Message}\n{cluster.Output}", e);
        }
    }

    [Fact]
    public async Task An_imported_dataset_trains_on_a_joined_silo()
    {
        await using var cluster = await LabClusterProcesses.StartAsync();
        var data = await cluster.StartSiloAsync("data", hostsData: true, workerSlots: 0);
        var worker = await cluster.StartSiloAsync("worker", hostsData: false, workerSlots: 1);
        try
        {
            using var dataClient = data.CreateClient();
            using var form = new MultipartFormDataContent
            {
                { Bytes(NiftiTestFiles.Image(24, 24, 24, 3, i => (i % 7) * 0.5f)), "image", "scan.nii" },
                { Bytes(NiftiTestFiles.Labels(24, 24, 24, i => (i / 576) % 2)), "labels", "scan_labels.nii" },
                { new StringContent("dense"), "labelKind" },
            };
            var imported = await dataClient.PostAsync("/api/datasets", form);
            Assert.Equal(HttpStatusCode.Created, imported.StatusCode);
            var dataset = (await imported.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

            var created = await dataClient.PostAsJsonAsync("/api/experiments", new { model = "3d", iterations = 2, datasets = new[] { dataset }, testDatasets = new[] { "phantom-tiny-s2" } });
            Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
            var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

            var finished = await WaitUntilFinished(dataClient, id);
            Assert.True(finished.GetProperty("status").GetString() == "completed", finished.ToString());
            // The data silo has no slot: the worker trained it, reading the voxels from the shared folder.
            Assert.Contains($":{worker.SiloPort}/slot1", finished.GetProperty("worker").GetString());
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            throw new InvalidOperationException($"{e.Message}\n{cluster.Output}", e);
        }
    }

    private static ByteArrayContent Bytes(byte[] bytes) => new(bytes) { Headers = { ContentType = new MediaTypeHeaderValue("application/octet-stream") } };

    private static async Task<JsonElement> WaitUntilFinished(HttpClient client, string id)
    {
        // Patience for a busy machine, not a measurement: two steps of the smoke network take seconds.
        using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while (true)
        {
            var experiment = await client.GetFromJsonAsync<JsonElement>($"/api/experiments/{id}", patience.Token);
            if (experiment.GetProperty("status").GetString() is "completed" or "failed" or "cancelled") return experiment;
            await Task.Delay(250, patience.Token);
        }
    }
}
