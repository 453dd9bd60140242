using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using UNet3D.Lab.Tests.Shared;
using static UNet3D.Lab.Web.Tests.DatasetVolumesApiTests;

namespace UNet3D.Lab.Web.Tests;

/// <summary>
/// A completed run's outputs: predictions and probabilities of its measured datasets (nibabel reads them with the
/// dataset's geometry), predictions of other volumes, the weights, and every bad request with the problem named.
/// </summary>
public sealed class ExperimentOutputsApiTests(ExperimentOutputsLabFixture fixture) : IClassFixture<ExperimentOutputsLabFixture>, IDisposable
{
    private readonly HttpClient client = fixture.Lab.CreateClient();
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("unet3d-outputs-");

    public void Dispose()
    {
        client.Dispose();
        folder.Delete(recursive: true);
    }

    [PythonModulesFact("nibabel")]
    public async Task Predictions_of_measured_datasets_have_their_geometry_are_stored_with_the_run_and_go_with_it()
    {
        var id = await ExperimentOutputsLabFixture.Train(client, batchNorm: false);
        var image = await Download("/api/datasets/phantom-tiny-s2/image.nii.gz", "image.nii.gz");
        var labels = await Download($"/api/experiments/{id}/predictions/phantom-tiny-s2.nii.gz", "labels.nii.gz");
        var probabilities = await Download($"/api/experiments/{id}/probabilities/phantom-tiny-s2.nii.gz", "probabilities.nii.gz");
        var described = NibabelGeometry.Describe(image, labels, probabilities);
        var shape = Ints(described[0], "shape")[..3];
        Assert.Equal(shape, Ints(described[1], "shape"));
        Assert.Equal([.. shape, 3], Ints(described[2], "shape"));
        Assert.Equal("uint8", described[1].GetProperty("dtype").GetString());
        Assert.Equal("float32", described[2].GetProperty("dtype").GetString());
        foreach (var output in described[1..]) NibabelGeometry.AssertSameGeometry(described[0], output);

        var stored = Path.Combine(fixture.Lab.DataDirectory, "predictions", id);
        Assert.Equal(2, Directory.GetFiles(stored, "phantom-tiny-s2.*.nii.gz").Length);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/experiments/{id}")).StatusCode);
        Assert.False(Directory.Exists(stored), $"{stored} outlived its run");
    }

    [PythonModulesFact("nibabel")]
    public async Task Predict_an_uploaded_volume_or_a_dataset_answers_201_with_downloads_in_the_volume_s_geometry()
    {
        var id = await fixture.CompletedRun(client);
        var source = Path.Combine(folder.FullName, "oblique.nii.gz");
        NibabelGeometry.Make(source, "mm", "oblique", 20, 18, 12, 3);
        using var form = new MultipartFormDataContent { { File(await System.IO.File.ReadAllBytesAsync(source)), "volume", "oblique.nii.gz" } };
        var response = await client.PostAsync($"/api/experiments/{id}/predict", form);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(created.GetProperty("predictions").GetString(), response.Headers.Location!.OriginalString);
        var labels = await Download(created.GetProperty("predictions").GetString()!, "upload-labels.nii.gz");
        var probabilities = await Download(created.GetProperty("probabilities").GetString()!, "upload-probabilities.nii.gz");
        var described = NibabelGeometry.Describe(source, labels, probabilities);
        Assert.Equal([20, 18, 12], Ints(described[1], "shape"));
        Assert.Equal([20, 18, 12, 3], Ints(described[2], "shape"));
        // An uploaded NIfTI's header geometry is copied bit for bit: codes, qform, sform, pixdim, units.
        foreach (var output in described[1..]) NibabelGeometry.AssertSameGeometry(described[0], output);

        var byId = await client.PostAsJsonAsync($"/api/experiments/{id}/predict", new { datasetId = "phantom-cpu-s1" });
        Assert.True(byId.StatusCode == HttpStatusCode.Created, await byId.Content.ReadAsStringAsync());
        Assert.Equal($"/api/experiments/{id}/probabilities/phantom-cpu-s1.nii.gz", (await byId.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("probabilities").GetString());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/experiments/{id}/predictions/phantom-cpu-s1.nii.gz")).StatusCode);
    }

    [Fact]
    public async Task Weights_come_as_safetensors_with_the_architecture_and_as_a_PyTorch_state_dict()
    {
        var id = await fixture.CompletedRun(client);
        var safetensors = await client.GetByteArrayAsync($"/api/experiments/{id}/weights.safetensors");
        var length = (int)BinaryPrimitives.ReadUInt64LittleEndian(safetensors);
        using var header = JsonDocument.Parse(Encoding.UTF8.GetString(safetensors, 8, length));
        var metadata = header.RootElement.GetProperty("__metadata__");
        Assert.Equal("3d", metadata.GetProperty("modelKind").GetString());
        Assert.Equal("true", metadata.GetProperty("batchNorm").GetString());
        Assert.Equal("3", metadata.GetProperty("classes").GetString());
        Assert.Equal("3", metadata.GetProperty("inputChannels").GetString());
        Assert.Equal("2", metadata.GetProperty("levels").GetString());
        Assert.Equal("8", metadata.GetProperty("baseChannels").GetString());
        Assert.Equal([3, 16, 1, 1, 1], header.RootElement.GetProperty("head.weight").GetProperty("shape").EnumerateArray().Select(v => v.GetInt32()));
        var lastEnd = header.RootElement.EnumerateObject().Where(p => p.Name != "__metadata__").Max(p => p.Value.GetProperty("data_offsets")[1].GetInt64());
        Assert.Equal(safetensors.Length, 8 + length + lastEnd);

        var pt = await client.GetByteArrayAsync($"/api/experiments/{id}/weights.pt");
        Assert.Equal("PK"u8.ToArray(), pt[..2]); // torch.save's zip container
    }

    [Fact]
    public async Task Bad_requests_get_404_409_or_400_naming_the_problem()
    {
        var id = await fixture.CompletedRun(client);
        await AssertProblem(await client.GetAsync("/api/experiments/no-such-run/predictions/phantom-tiny-s1.nii.gz"), HttpStatusCode.NotFound, "No experiment with id 'no-such-run'");
        await AssertProblem(await client.GetAsync("/api/experiments/no-such-run/weights.safetensors"), HttpStatusCode.NotFound, "No experiment with id 'no-such-run'");
        await AssertProblem(await client.GetAsync($"/api/experiments/{id}/predictions/phantom-cpu-s3.nii.gz"), HttpStatusCode.NotFound,
            $"Experiment '{id}' was not measured on 'phantom-cpu-s3' (it was on phantom-tiny-s1, phantom-tiny-s2, phantom-tiny-s3)");
        await AssertProblem(await client.GetAsync($"/api/experiments/{id}/probabilities/..%2Fx.nii.gz"), HttpStatusCode.NotFound, "'..%2Fx' is not a dataset id or a prediction id");
        await AssertProblem(await client.PostAsJsonAsync($"/api/experiments/{id}/predict", new { dataset = "phantom-tiny-s1" }), HttpStatusCode.BadRequest, "must be JSON {\"datasetId\"");
        await AssertProblem(await client.PostAsJsonAsync($"/api/experiments/{id}/predict", new { datasetId = "ds-nosuchthing" }), HttpStatusCode.BadRequest, "no dataset with id 'ds-nosuchthing'");
        using (var wrongType = new MultipartFormDataContent { { File([1, 2, 3]), "volume", "scan.png" } })
            await AssertProblem(await client.PostAsync($"/api/experiments/{id}/predict", wrongType), HttpStatusCode.BadRequest, "scan.png: the lab reads");
        using (var wrongField = new MultipartFormDataContent { { File(NiftiTestFiles.Image(4, 4, 4, 3)), "image", "scan.nii" } })
            await AssertProblem(await client.PostAsync($"/api/experiments/{id}/predict", wrongField), HttpStatusCode.BadRequest, "exactly one file, in the field 'volume'");
        using (var oneChannel = new MultipartFormDataContent { { File(NiftiTestFiles.Image(4, 4, 4, 1)), "volume", "gray.nii" } })
            await AssertProblem(await client.PostAsync($"/api/experiments/{id}/predict", oneChannel), HttpStatusCode.BadRequest, "gray.nii: the volume has 1 channel(s) but the network");

        // A run still queued or training has no final checkpoint yet.
        var running = await client.PostAsJsonAsync("/api/experiments", new { model = "3d", preset = "smoke", iterations = 100000, evaluateEvery = 0, force = true });
        var runningId = (await running.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        try
        {
            await AssertProblem(await client.GetAsync($"/api/experiments/{runningId}/predictions/phantom-tiny-s1.nii.gz"), HttpStatusCode.Conflict, $"Experiment '{runningId}' is ");
            await AssertProblem(await client.GetAsync($"/api/experiments/{runningId}/weights.pt"), HttpStatusCode.Conflict, "final checkpoint of a completed run");
        }
        finally
        {
            await client.PostAsync($"/api/experiments/{runningId}/cancel", null);
        }
    }

    private static async Task AssertProblem(HttpResponseMessage response, HttpStatusCode status, string detail)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{response.RequestMessage?.RequestUri}: {response.StatusCode}, expected {status}: {body}");
        Assert.Contains(detail, JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString());
    }

    private async Task<string> Download(string url, string name)
    {
        var response = await client.GetAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var path = Path.Combine(folder.FullName, name);
        await System.IO.File.WriteAllBytesAsync(path, await response.Content.ReadAsByteArrayAsync());
        return path;
    }

    private static ByteArrayContent File(byte[] bytes) => new(bytes) { Headers = { ContentType = new MediaTypeHeaderValue("application/octet-stream") } };
}
