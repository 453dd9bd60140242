using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using UNet3D.Lab.Experiments.Data.Formats;
using UNet3D.Lab.Silo.Datasets;
using UNet3D.Lab.Silo.Datasets.Annotations;
using UNet3D.Lab.Tests.Shared;
using static UNet3D.Lab.Web.Tests.AnnotationTestVolumes;

namespace UNet3D.Lab.Web.Tests;

/// <summary>
/// <c>/api/datasets/{id}/annotations</c>: slices saved as PNG come back pixel for pixel, are listed and deleted, every
/// bad slice gets a 400 naming its problem with nothing stored, and labels.nii.gz shows the annotated voxels.
/// </summary>
public sealed class DatasetAnnotationsApiTests(ExperimentOutputsLabFixture fixture) : IClassFixture<ExperimentOutputsLabFixture>, IDisposable
{
    private const int X = 10, Y = 8, Z = 6;
    private readonly HttpClient client = fixture.Lab.CreateClient();

    public void Dispose() => client.Dispose();

    [Fact]
    public async Task A_saved_slice_comes_back_pixel_for_pixel_is_listed_and_deleted()
    {
        var id = await ImportUnlabeled(client, X, Y, Z);
        var pixels = Pixels(X, Y, (c, r) => (byte)((c + r) % 5 == 0 ? 255 : (c * r) % 3));
        var saved = await client.PutAsync($"/api/datasets/{id}/annotations/z/2", Png(PngEncoder.Encode(X, Y, 1, pixels)));
        Assert.True(saved.StatusCode == HttpStatusCode.OK, await saved.Content.ReadAsStringAsync());
        var summary = await saved.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("z", summary.GetProperty("axis").GetString());
        Assert.Equal(2, summary.GetProperty("index").GetInt32());
        Assert.Equal(pixels.Count(p => p != 255), summary.GetProperty("annotatedVoxels").GetInt64());
        Assert.Equal(Enumerable.Range(0, 3).Select(c => (long)pixels.Count(p => p == c)), summary.GetProperty("classVoxels").EnumerateArray().Select(v => v.GetInt64()));

        var back = await client.GetAsync($"/api/datasets/{id}/annotations/z/2");
        Assert.Equal("image/png", back.Content.Headers.ContentType?.MediaType);
        Assert.Equal(pixels, GrayscalePngReader.Read(await back.Content.ReadAsByteArrayAsync(), X, Y));

        // Along y a slice is X × Z, along x Y × Z; a slice with nothing annotated is stored as such.
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsync($"/api/datasets/{id}/annotations/y/3", Gray(X, Z, (c, _) => (byte)(c % 3)))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsync($"/api/datasets/{id}/annotations/x/0", Gray(Y, Z, (_, _) => 255))).StatusCode);
        var list = await Json(client, $"/api/datasets/{id}/annotations");
        Assert.Equal(["x0:0", "y3:60", $"z2:{pixels.Count(p => p != 255)}"],
            list.GetProperty("items").EnumerateArray().Select(s => $"{s.GetProperty("axis").GetString()}{s.GetProperty("index").GetInt32()}:{s.GetProperty("annotatedVoxels").GetInt64()}"));
        Assert.Equal(3, (await Json(client, $"/api/datasets/{id}")).GetProperty("annotatedSlices").GetInt32());

        // Saving again replaces the slice.
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsync($"/api/datasets/{id}/annotations/z/2", Gray(X, Y, (_, _) => 1))).StatusCode);
        Assert.All(GrayscalePngReader.Read(await client.GetByteArrayAsync($"/api/datasets/{id}/annotations/z/2"), X, Y), p => Assert.Equal(1, p));

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/datasets/{id}/annotations/x/0")).StatusCode);
        await AssertProblem(await client.DeleteAsync($"/api/datasets/{id}/annotations/x/0"), HttpStatusCode.NotFound, $"Dataset '{id}' has no annotation on slice x=0");
        await AssertProblem(await client.GetAsync($"/api/datasets/{id}/annotations/x/0"), HttpStatusCode.NotFound, $"Dataset '{id}' has no annotation on slice x=0");
        Assert.Equal(["y3", "z2"], (await Json(client, $"/api/datasets/{id}/annotations")).GetProperty("items").EnumerateArray()
            .Select(s => $"{s.GetProperty("axis").GetString()}{s.GetProperty("index").GetInt32()}"));
        Assert.Equal(2, (await Json(client, $"/api/datasets/{id}")).GetProperty("annotatedSlices").GetInt32());
    }

    public static TheoryData<string, string, string, string, Func<HttpContent>> BadSlices => new()
    {
        { "wrong content type", "z/1", "content-type", "must be image/png, not 'text/plain", () => Png(GrayPng(X, Y, (_, _) => 0), "text/plain") },
        { "not a PNG", "z/1", "body", "not a PNG image", () => Png([1, 2, 3, 4, 5, 6, 7, 8, 9]) },
        { "RGB", "z/1", "body", "RGB (colour type 2) with bit depth 8; a slice must be 8-bit grayscale", () => Png(PngEncoder.Encode(X, Y, 3, new byte[X * Y * 3])) },
        { "16-bit", "z/1", "body", "grayscale with bit depth 16", () => Png(WithHeader(GrayPng(X, Y, (_, _) => 0), 16, 0)) },
        { "truncated", "z/1", "body", "truncated", () => Png(GrayPng(X, Y, (_, _) => 0)[..40]) },
        { "wrong size", "z/1", "body", $"the PNG is {Y}×{X} pixels; this slice needs {X}×{Y} (width × height)", () => Gray(Y, X, (_, _) => 0) },
        { "wrong size along x", "x/1", "body", $"this slice needs {Y}×{Z}", () => Gray(X, Y, (_, _) => 0) },
        { "unknown class", "z/1", "body", "pixel values 3, 7 are not classes of dataset", () => Gray(X, Y, (c, _) => (byte)(c == 0 ? 7 : c == 1 ? 3 : 255)) },
        { "axis", "w/1", "axis", "must be x, y or z, not 'w'", () => Gray(X, Y, (_, _) => 0) },
        { "index past the end", $"z/{Z}", "index", $"slice {Z} along z is outside 0..{Z - 1}", () => Gray(X, Y, (_, _) => 0) },
        { "negative index", "z/-1", "index", "must be a slice number from 0, not '-1'", () => Gray(X, Y, (_, _) => 0) },
    };

    [Theory]
    [MemberData(nameof(BadSlices))]
    public async Task A_bad_slice_gets_400_naming_the_problem_and_nothing_is_stored(string problem, string slice, string field, string message, Func<HttpContent> body)
    {
        var id = await ImportUnlabeled(client, X, Y, Z, "bad-" + problem.Replace(' ', '-'));
        using var content = body();
        var response = await client.PutAsync($"/api/datasets/{id}/annotations/{slice}", content);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{problem}: {response.StatusCode} {text}");
        var errors = JsonDocument.Parse(text).RootElement.GetProperty("errors");
        Assert.Contains(message, string.Join(" | ", errors.GetProperty(field).EnumerateArray().Select(e => e.GetString())));

        Assert.Empty((await Json(client, $"/api/datasets/{id}/annotations")).GetProperty("items").EnumerateArray());
        Assert.Equal(0, (await Json(client, $"/api/datasets/{id}")).GetProperty("annotatedSlices").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/datasets/{id}/labels.nii.gz")).StatusCode);
    }

    [Fact]
    public async Task The_class_values_named_in_the_problem_are_the_dataset_s_classes()
    {
        var id = await ImportUnlabeled(client, X, Y, Z, "classes");
        var response = await client.PutAsync($"/api/datasets/{id}/annotations/z/0", Gray(X, Y, (_, _) => 9));
        await AssertProblem(response, HttpStatusCode.BadRequest, "pixel value 9 is not a class of dataset");
        await AssertProblem(await client.PutAsync($"/api/datasets/{id}/annotations/z/0", Gray(X, Y, (_, _) => 9)), HttpStatusCode.BadRequest,
            "its classes are 0 (inside tubule), 1 (tubule), 2 (background), and 255 marks a pixel not annotated");
    }

    [Fact]
    public async Task Unknown_datasets_get_404_and_built_in_samples_cannot_be_annotated()
    {
        await AssertProblem(await client.PutAsync("/api/datasets/ds-nosuchthing/annotations/z/0", Gray(X, Y, (_, _) => 0)), HttpStatusCode.NotFound, "No dataset with id 'ds-nosuchthing'");
        await AssertProblem(await client.GetAsync("/api/datasets/ds-nosuchthing/annotations"), HttpStatusCode.NotFound, "No dataset with id 'ds-nosuchthing'");
        await AssertProblem(await client.DeleteAsync("/api/datasets/ds-nosuchthing/annotations/z/0"), HttpStatusCode.NotFound, "No dataset with id 'ds-nosuchthing'");
        var phantom = await Json(client, "/api/datasets/phantom-tiny-s1");
        var (x, y) = (phantom.GetProperty("shape").GetProperty("x").GetInt32(), phantom.GetProperty("shape").GetProperty("y").GetInt32());
        await AssertProblem(await client.PutAsync("/api/datasets/phantom-tiny-s1/annotations/z/0", Gray(x, y, (_, _) => 0)), HttpStatusCode.BadRequest, "built-in phantom sample");
    }

    [Fact]
    public async Task Labels_nii_gz_holds_the_annotated_voxels_and_the_unlabeled_value_everywhere_else()
    {
        var id = await ImportUnlabeled(client, X, Y, Z, "painted");
        await AssertProblem(await client.GetAsync($"/api/datasets/{id}/labels.nii.gz"), HttpStatusCode.NotFound, "has no labels");
        Func<int, int, byte> onZ = (c, r) => (byte)(c < 3 ? 255 : (c + r) % 3);
        Func<int, int, byte> onX = (c, r) => (byte)(r == 0 ? 2 : 255);
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsync($"/api/datasets/{id}/annotations/z/4", Gray(X, Y, onZ))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsync($"/api/datasets/{id}/annotations/x/7", Gray(Y, Z, onX))).StatusCode);

        var dataset = await Json(client, $"/api/datasets/{id}");
        Assert.Equal(3, dataset.GetProperty("unlabeledValue").GetInt32());
        var labels = await client.GetAsync($"/api/datasets/{id}/labels.nii.gz");
        Assert.Equal(HttpStatusCode.OK, labels.StatusCode);
        var nifti = NiftiReader.Read(await labels.Content.ReadAsStreamAsync(), "labels.nii.gz", gzip: true);
        Assert.Equal((X, Y, Z), (nifti.X, nifti.Y, nifti.Z));

        // The contract's index space: voxel (i, j, k) is value i + j·X + k·X·Y; along z pixel (c, r) is (c, r, k),
        // along x pixel (c, r) is (index, c, r). The x slice is saved last, so it wins where the two cross.
        var expected = Enumerable.Repeat(3f, X * Y * Z).ToArray();
        for (var j = 0; j < Y; j++)
        for (var i = 0; i < X; i++)
            if (onZ(i, j) != 255) expected[i + j * X + 4 * X * Y] = onZ(i, j);
        for (var k = 0; k < Z; k++)
        for (var j = 0; j < Y; j++)
            if (onX(j, k) != 255) expected[7 + j * X + k * X * Y] = onX(j, k);
        Assert.Equal(expected, nifti.Data);
    }

    [Fact]
    public async Task Annotations_are_written_over_imported_sparse_labels_on_their_slice_only()
    {
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(NiftiTestFiles.Image(X, Y, Z, 1)), "image", "sparse.nii" },
            { new ByteArrayContent(NiftiTestFiles.Labels(X, Y, Z, i => i % 4 == 3 ? 7 : i % 3)), "labels", "sparse_labels.nii" },
            { new StringContent("sparse"), "labelKind" },
            { new StringContent("7"), "unlabeledValue" },
        };
        var imported = await client.PostAsync("/api/datasets", form);
        Assert.True(imported.IsSuccessStatusCode, await imported.Content.ReadAsStringAsync());
        var id = (await imported.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsync($"/api/datasets/{id}/annotations/y/5", Gray(X, Z, (c, _) => (byte)(c == 0 ? 255 : 1)))).StatusCode);

        var data = NiftiReader.Read(await client.GetStreamAsync($"/api/datasets/{id}/labels.nii.gz"), "labels.nii.gz", gzip: true).Data;
        var expected = Enumerable.Range(0, X * Y * Z).Select(v => (float)(v % 4 == 3 ? 7 : v % 3)).ToArray();
        for (var k = 0; k < Z; k++)
        for (var i = 1; i < X; i++)
            expected[i + 5 * X + k * X * Y] = 1;
        Assert.Equal(expected, data);
    }

    internal static async Task AssertProblem(HttpResponseMessage response, HttpStatusCode status, string detail)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{response.RequestMessage?.RequestUri}: {response.StatusCode}, expected {status}: {body}");
        Assert.Contains(detail, JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString());
    }
}
