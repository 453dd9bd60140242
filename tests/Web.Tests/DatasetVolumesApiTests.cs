using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using UNet3D.Lab.Experiments.Data.Formats;
using UNet3D.Lab.Tests.Shared;

namespace UNet3D.Lab.Web.Tests;

/// <summary>
/// <c>GET /api/datasets/{id}/image.nii.gz</c> and <c>labels.nii.gz</c>, read back by nibabel: the source's shape,
/// affine and units, for the phantom and for an imported oblique NIfTI with sparse labels.
/// </summary>
public sealed class DatasetVolumesApiTests(ExperimentOutputsLabFixture fixture) : IClassFixture<ExperimentOutputsLabFixture>, IDisposable
{
    private const int X = 10, Y = 8, Z = 6;
    private readonly HttpClient client = fixture.Lab.CreateClient();
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("unet3d-volumes-");

    public void Dispose()
    {
        client.Dispose();
        folder.Delete(recursive: true);
    }

    [PythonModulesFact("nibabel")]
    public async Task Imported_oblique_NIfTI_comes_back_with_its_affine_units_and_sparse_labels()
    {
        var source = Path.Combine(folder.FullName, "oblique.nii.gz");
        var made = NibabelGeometry.Make(source, "micron", "oblique", X, Y, Z, 3);
        var labels = NiftiTestFiles.Labels(X, Y, Z, i => i % 4 == 3 ? 7 : i % 3);
        using var form = new MultipartFormDataContent
        {
            { File(await System.IO.File.ReadAllBytesAsync(source)), "image", "oblique.nii.gz" },
            { File(labels), "labels", "oblique_labels.nii" },
            { new StringContent("sparse"), "labelKind" },
            { new StringContent("7"), "unlabeledValue" },
        };
        var imported = await client.PostAsync("/api/datasets", form);
        Assert.Equal(HttpStatusCode.Created, imported.StatusCode);
        var id = (await imported.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        var image = await Download($"/api/datasets/{id}/image.nii.gz", "image.nii.gz");
        var labelsFile = await Download($"/api/datasets/{id}/labels.nii.gz", "labels.nii.gz");
        var (served, servedLabels) = (NibabelGeometry.Describe(image)[0], NibabelGeometry.Describe(labelsFile)[0]);
        Assert.Equal([X, Y, Z, 3], Ints(served, "shape"));
        Assert.Equal([X, Y, Z], Ints(servedLabels, "shape"));
        Assert.Equal("uint8", servedLabels.GetProperty("dtype").GetString());
        foreach (var file in new[] { served, servedLabels })
        {
            AssertClose(Matrix(made, "affine"), Matrix(file, "affine"), "affine");
            Assert.Equal("micron", file.GetProperty("xyzt_units")[0].GetString());
            AssertClose(Doubles(made, "zooms").Take(3).ToArray(), Doubles(file, "zooms").Take(3).ToArray(), "zooms");
        }
        // The labels as imported: 0-2 where annotated and the declared unlabeled value 7 elsewhere.
        var values = NiftiReader.Read(labelsFile).Data;
        Assert.Equal(Enumerable.Range(0, X * Y * Z).Select(i => (float)(i % 4 == 3 ? 7 : i % 3)), values);
    }

    [PythonModulesFact("nibabel")]
    public async Task Phantom_image_and_labels_have_its_shape_spacing_and_micron_units()
    {
        var dataset = await client.GetFromJsonAsync<JsonElement>("/api/datasets/phantom-tiny-s1");
        var (x, y, z) = (dataset.GetProperty("shape").GetProperty("x").GetInt32(), dataset.GetProperty("shape").GetProperty("y").GetInt32(), dataset.GetProperty("shape").GetProperty("z").GetInt32());
        var spacing = dataset.GetProperty("spacing");
        var image = await Download("/api/datasets/phantom-tiny-s1/image.nii.gz", "phantom.nii.gz");
        var labels = await Download("/api/datasets/phantom-tiny-s1/labels.nii.gz", "phantom-labels.nii.gz");
        var described = NibabelGeometry.Describe(image, labels);
        Assert.Equal([x, y, z, dataset.GetProperty("channels").GetInt32()], Ints(described[0], "shape"));
        Assert.Equal([x, y, z], Ints(described[1], "shape"));
        double[] zooms = [spacing.GetProperty("x").GetDouble(), spacing.GetProperty("y").GetDouble(), spacing.GetProperty("z").GetDouble()];
        foreach (var file in described)
        {
            Assert.Equal("micron", file.GetProperty("xyzt_units")[0].GetString());
            AssertClose(zooms, Doubles(file, "zooms").Take(3).ToArray(), "zooms");
            AssertClose([[zooms[0], 0, 0, 0], [0, zooms[1], 0, 0], [0, 0, zooms[2], 0], [0, 0, 0, 1]], Matrix(file, "affine"), "affine");
        }
        Assert.Equal([0f, 1f, 2f], NiftiReader.Read(labels).Data.Distinct().Order());
    }

    [Fact]
    public async Task Dataset_without_labels_or_unknown_gets_404_naming_it()
    {
        using var form = new MultipartFormDataContent { { File(NiftiTestFiles.Image(4, 4, 3)), "image", "bare.nii" } };
        var imported = await client.PostAsync("/api/datasets", form);
        Assert.Equal(HttpStatusCode.Created, imported.StatusCode);
        var id = (await imported.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/datasets/{id}/image.nii.gz")).StatusCode);
        var noLabels = await client.GetAsync($"/api/datasets/{id}/labels.nii.gz");
        Assert.Equal(HttpStatusCode.NotFound, noLabels.StatusCode);
        Assert.Contains($"Dataset '{id}' has no labels", await Detail(noLabels));
        var unknown = await client.GetAsync("/api/datasets/ds-nosuchthing/image.nii.gz");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("No dataset with id 'ds-nosuchthing'", await Detail(unknown));
    }

    internal static async Task<string> Detail(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!;

    private async Task<string> Download(string url, string name)
    {
        var response = await client.GetAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("application/gzip", response.Content.Headers.ContentType?.MediaType);
        var path = Path.Combine(folder.FullName, name);
        await System.IO.File.WriteAllBytesAsync(path, await response.Content.ReadAsByteArrayAsync());
        return path;
    }

    private static ByteArrayContent File(byte[] bytes) => new(bytes) { Headers = { ContentType = new MediaTypeHeaderValue("application/octet-stream") } };

    internal static int[] Ints(JsonElement element, string field) => [.. element.GetProperty(field).EnumerateArray().Select(v => v.GetInt32())];

    internal static double[] Doubles(JsonElement element, string field) => [.. element.GetProperty(field).EnumerateArray().Select(v => v.GetDouble())];

    internal static double[][] Matrix(JsonElement element, string field) =>
        [.. element.GetProperty(field).EnumerateArray().Select(row => row.EnumerateArray().Select(v => v.GetDouble()).ToArray())];

    internal static void AssertClose(double[][] expected, double[][] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++) AssertClose(expected[i], actual[i], $"{what} row {i}");
    }

    // float32 header fields: equal to about 7 digits.
    internal static void AssertClose(double[] expected, double[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5 * Math.Max(1, Math.Abs(expected[i])), $"{what}[{i}] = {actual[i]}, expected {expected[i]}");
    }
}
