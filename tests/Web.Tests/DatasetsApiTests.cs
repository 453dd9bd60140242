using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using UNet3D.Lab.Experiments.Data.Formats;
using UNet3D.Lab.Tests.Shared;

namespace UNet3D.Lab.Web.Tests;

/// <summary>One real lab, with a small upload limit, shared by the dataset API tests.</summary>
public sealed class DatasetsLabFixture : IAsyncLifetime
{
    public const long UploadLimit = 200_000;

    public LabWebApplicationFactory Lab { get; } = new(workerSlots: 0, settings: new Dictionary<string, string>
    {
        ["Lab:Datasets:MaxUploadBytes"] = UploadLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
    });

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await Lab.DisposeAsync();
        Lab.DeleteData();
    }
}

/// <summary>The dataset API against the real lab: imports, listing, thumbnails, every bad input, and datasets in experiments.</summary>
public sealed class DatasetsApiTests(DatasetsLabFixture fixture) : IClassFixture<DatasetsLabFixture>, IDisposable
{
    private const int X = 6, Y = 5, Z = 4;
    private readonly HttpClient client = fixture.Lab.CreateClient();

    public void Dispose() => client.Dispose();

    private static ByteArrayContent File(byte[] bytes) => new(bytes) { Headers = { ContentType = new MediaTypeHeaderValue("application/octet-stream") } };

    private static MultipartFormDataContent Form(
        (string Name, byte[] Bytes)? image, (string Name, byte[] Bytes)? labels = null, params (string Field, string Value)[] fields)
    {
        var form = new MultipartFormDataContent();
        if (image is { } i) form.Add(File(i.Bytes), "image", i.Name);
        if (labels is { } l) form.Add(File(l.Bytes), "labels", l.Name);
        foreach (var (field, value) in fields) form.Add(new StringContent(value), field);
        return form;
    }

    private static byte[] Image(int channels = 3) => NiftiTestFiles.Image(X, Y, Z, channels, i => (i % 17) * 0.5f);

    private static byte[] DenseLabels() => NiftiTestFiles.Labels(X, Y, Z, i => i % 3);

    [Fact]
    public async Task Import_returns_201_with_the_dataset_and_its_thumbnails_and_lists_it()
    {
        using var form = Form(("scan.nii.gz", NiftiTestFiles.Gzip(Image())), ("scan_labels.nii", DenseLabels()), ("name", "api scan"), ("labelKind", "dense"));
        var response = await client.PostAsync("/api/datasets", form);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var dataset = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = dataset.GetProperty("id").GetString()!;
        Assert.Equal($"/api/datasets/{id}", response.Headers.Location!.OriginalString);
        Assert.EndsWith($"/datasets/{id}", dataset.GetProperty("url").GetString());
        Assert.Equal("api scan", dataset.GetProperty("name").GetString());
        Assert.Equal("ready", dataset.GetProperty("status").GetString());
        Assert.False(dataset.GetProperty("builtIn").GetBoolean());
        Assert.Equal((X, Y, Z), Xyz(dataset.GetProperty("shape")));
        Assert.Equal(3, dataset.GetProperty("channels").GetInt32());
        Assert.Equal(2.5, dataset.GetProperty("spacing").GetProperty("z").GetDouble());
        Assert.Equal("µm", dataset.GetProperty("spacing").GetProperty("unit").GetString());
        Assert.Equal("dense", dataset.GetProperty("labelKind").GetString());
        Assert.Equal(X * Y * Z, dataset.GetProperty("labeledVoxels").GetInt64());
        Assert.Equal(X * Y * Z / 3, dataset.GetProperty("labelHistogram").GetProperty("1").GetInt64());
        Assert.Equal(0, dataset.GetProperty("labelHistogram").GetProperty("unlabeled").GetInt64());
        Assert.Equal(8, dataset.GetProperty("channelStatistics")[0].GetProperty("max").GetDouble());
        Assert.Matches("^[0-9a-f]{64}$", dataset.GetProperty("sha256").GetString());
        Assert.Equal(["scan.nii.gz", "scan_labels.nii"], dataset.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("fileName").GetString()));

        foreach (var (axis, size) in new[] { ("x", (Y, Z)), ("y", (X, Z)), ("z", (X, Y)) })
        {
            foreach (var kind in new[] { "thumbnails", "labelThumbnails" })
            {
                var url = dataset.GetProperty(kind).GetProperty(axis).GetString()!;
                var png = await client.GetAsync(url);
                Assert.Equal(HttpStatusCode.OK, png.StatusCode);
                Assert.Equal("image/png", png.Content.Headers.ContentType!.MediaType);
                Assert.Equal(size, PngSize(await png.Content.ReadAsByteArrayAsync()));
            }
        }

        var list = await client.GetFromJsonAsync<JsonElement>("/api/datasets");
        Assert.Contains(list.EnumerateArray(), d => d.GetProperty("id").GetString() == id);
        var single = await client.GetFromJsonAsync<JsonElement>($"/api/datasets/{id}");
        Assert.Equal(dataset.GetProperty("sha256").GetString(), single.GetProperty("sha256").GetString());
    }

    [Theory]
    [InlineData(SpatialUnit.Millimeter, "mm")]
    [InlineData(SpatialUnit.Unknown, "unknown")]
    public async Task Spacing_is_shown_as_the_file_states_it_with_its_unit_named(SpatialUnit unit, string expected)
    {
        var image = NiftiTestFiles.Image(X, Y, Z, 1, spacing: (2, 2, 2.2), unit: unit);
        using var form = Form(("units.nii", image));
        var response = await client.PostAsync("/api/datasets", form);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        var spacing = (await client.GetFromJsonAsync<JsonElement>($"/api/datasets/{id}")).GetProperty("spacing");
        Assert.Equal((2.0, 2.0, 2.2), (spacing.GetProperty("x").GetDouble(), spacing.GetProperty("y").GetDouble(), spacing.GetProperty("z").GetDouble()));
        Assert.Equal(expected, spacing.GetProperty("unit").GetString());
    }

    [Fact]
    public async Task Built_in_phantom_samples_are_listed_and_the_small_ones_get_thumbnails_at_start()
    {
        var list = await client.GetFromJsonAsync<JsonElement>("/api/datasets");
        var builtIn = list.EnumerateArray().Where(d => d.GetProperty("builtIn").GetBoolean()).Select(d => d.GetProperty("id").GetString()!).ToArray();
        Assert.Equal(["phantom-tiny-s1", "phantom-tiny-s2", "phantom-tiny-s3", "phantom-cpu-s1", "phantom-cpu-s2", "phantom-cpu-s3",
            "phantom-paper-s1", "phantom-paper-s2", "phantom-paper-s3"], builtIn);
        var paper = await client.GetFromJsonAsync<JsonElement>("/api/datasets/phantom-paper-s1");
        Assert.Equal("pending", paper.GetProperty("status").GetString());
        Assert.Equal((248, 244, 64), Xyz(paper.GetProperty("shape")));
        Assert.Equal(1.76, paper.GetProperty("spacing").GetProperty("x").GetDouble());
        Assert.Equal("µm", paper.GetProperty("spacing").GetProperty("unit").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/datasets/phantom-paper-s1/thumbnail/z.png")).StatusCode);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        JsonElement cpu;
        do
        {
            await Task.Delay(200, timeout.Token);
            cpu = await client.GetFromJsonAsync<JsonElement>("/api/datasets/phantom-cpu-s3", timeout.Token);
        }
        while (cpu.GetProperty("status").GetString() != "ready");
        var png = await client.GetByteArrayAsync(cpu.GetProperty("thumbnails").GetProperty("y").GetString());
        Assert.Equal((95, 30), PngSize(png));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/datasets/phantom-cpu-s3/thumbnail/w.png")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/datasets/ds-nothere/thumbnail/z.png")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/datasets/ds-nothere")).StatusCode);
    }

    public static TheoryData<string, string, string?, Func<MultipartFormDataContent>> BadUploads => new()
    {
        { "truncated file", "image", "cut.nii", () => Form(("cut.nii", Image()[..500])) },
        { "wrong magic", "image", "magic.nii", () => Form(("magic.nii", NiftiTestFiles.WithMagic(Image(), "ni2\0"))) },
        { "zero size", "image", "zero.nii", () => Form(("zero.nii", NiftiTestFiles.WithDim(Image(), 3, 0))) },
        { "negative size", "image", "negative.nii.gz", () => Form(("negative.nii.gz", NiftiTestFiles.Gzip(NiftiTestFiles.WithDim(Image(), 1, -6)))) },
        { "absurd size", "image", "huge.nii", () => Form(("huge.nii", NiftiTestFiles.WithDim(NiftiTestFiles.WithDim(NiftiTestFiles.WithDim(Image(1), 1, 10_000), 2, 10_000), 3, 10_000))) },
        { "shapes differ", "labels", "other_labels.nii", () => Form(("scan.nii", Image()), ("other_labels.nii", NiftiTestFiles.Labels(X, Y + 1, Z, _ => 1))) },
        { "label outside the set", "labels", "labels.nii", () => Form(("scan.nii", Image()), ("labels.nii", NiftiTestFiles.Labels(X, Y, Z, i => i == 5 ? 4 : 2)), ("labelKind", "dense")) },
        { "sparse label outside the set", "labels", "labels.nii", () => Form(("scan.nii", Image()), ("labels.nii", NiftiTestFiles.Labels(X, Y, Z, i => i == 5 ? 3 : 255)), ("labelKind", "sparse"), ("unlabeledValue", "255")) },
        { "NaN voxel", "image", "nan.nii", () => Form(("nan.nii", NiftiTestFiles.Image(X, Y, Z, 1, i => i == 9 ? float.NaN : 1))) },
        { "infinite voxel", "image", "inf.nii", () => Form(("inf.nii", NiftiTestFiles.Image(X, Y, Z, 1, i => i == 9 ? float.PositiveInfinity : 1))) },
        { "parent folders in the file name", "image", "../../x.nii", () => Form(("../../x.nii", Image())) },
        { "folder in the file name", "labels", "a/b.nii", () => Form(("scan.nii", Image()), ("a/b.nii", DenseLabels())) },
        { "missing image", "image", null, () => Form(null, ("labels.nii", DenseLabels()), ("labelKind", "dense")) },
        { "unknown label kind", "labelKind", null, () => Form(("scan.nii", Image()), ("labels.nii", DenseLabels()), ("labelKind", "mostly")) },
        { "unknown extension", "image", "scan.tiff", () => Form(("scan.tiff", Image())) },
        { "image sent as text", "image", null, () => Form(null, null, ("image", "not a file")) },
        { "unknown field", "colour", null, () => Form(("scan.nii", Image()), null, ("colour", "red")) },
    };

    [Theory]
    [MemberData(nameof(BadUploads))]
    public async Task Bad_upload_gets_400_naming_field_and_file_stores_nothing_and_the_lab_still_answers(
        string problem, string field, string? fileName, Func<MultipartFormDataContent> form)
    {
        var before = await UserDatasets();
        using var content = form();
        var response = await client.PostAsync("/api/datasets", content);

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{problem}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(body.GetProperty("errors").TryGetProperty(field, out _), $"{problem}: no error for '{field}' in {body}");
        var detail = body.GetProperty("detail").GetString()!;
        Assert.Contains(field, detail);
        if (fileName is not null) Assert.Contains(fileName, detail);
        await AssertNothingStored(before);
    }

    [Fact]
    public async Task Upload_over_the_limit_gets_413_naming_the_limit_and_stores_nothing()
    {
        var before = await UserDatasets();
        var big = NiftiTestFiles.Image(40, 40, 40); // 256 kB of float32
        using var content = Form(("big.nii", big));
        var response = await client.PostAsync("/api/datasets", content);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var detail = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!;
        Assert.Contains("Lab:Datasets:MaxUploadBytes = 200000 bytes", detail);
        await AssertNothingStored(before);
    }

    [Fact]
    public async Task Streamed_upload_over_the_limit_gets_413_naming_field_file_and_limit()
    {
        var before = await UserDatasets();
        // No Content-Length: the lab finds out while the file streams in.
        using var content = new MultipartFormDataContent { { new StreamContent(new UnseekableStream(NiftiTestFiles.Image(40, 40, 40))), "image", "streamed.nii" } };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/datasets") { Content = content };
        request.Headers.TransferEncodingChunked = true;
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var detail = body.GetProperty("detail").GetString()!;
        Assert.True(detail.Contains("image file 'streamed.nii'", StringComparison.Ordinal), detail);
        Assert.Contains("195.31 KiB", detail);
        Assert.True(body.GetProperty("errors").TryGetProperty("image", out _));
        await AssertNothingStored(before);
    }

    [Fact]
    public async Task Body_that_is_not_a_form_gets_400()
    {
        using var json = new StringContent("{\"image\":\"x\"}", System.Text.Encoding.UTF8, "application/json");
        var response = await client.PostAsync("/api/datasets", json);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("multipart/form-data", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Experiments_name_datasets_by_id_or_object_and_unknown_ids_are_refused()
    {
        using var form = Form(("train.nii", Image()), ("train_labels.nii", DenseLabels()));
        var imported = (await (await client.PostAsync("/api/datasets", form)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        var created = await client.PostAsJsonAsync("/api/experiments", new
        {
            model = "3d",
            iterations = 2,
            datasets = new object[] { imported },
            testDatasets = new object[] { new { id = "phantom-tiny-s2", annotatedSlices = new[] { 0, 0, 3 } } },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        var config = (await client.GetFromJsonAsync<JsonElement>($"/api/experiments/{id}")).GetProperty("config");
        Assert.Equal(imported, config.GetProperty("datasets")[0].GetProperty("id").GetString());
        Assert.Equal(JsonValueKind.Null, config.GetProperty("datasets")[0].GetProperty("annotatedSlices").ValueKind);
        Assert.Equal("phantom-tiny-s2", config.GetProperty("testDatasets")[0].GetProperty("id").GetString());
        Assert.Equal([0, 0, 3], config.GetProperty("testDatasets")[0].GetProperty("annotatedSlices").EnumerateArray().Select(v => v.GetInt32()));

        var unknown = await client.PostAsJsonAsync("/api/experiments", new { model = "3d", datasets = new object[] { imported, "ds-nosuchthing" } });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        var problem = await unknown.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("ds-nosuchthing", problem.GetProperty("errors").GetProperty("datasets")[0].GetString());

        var badField = await client.PostAsJsonAsync("/api/experiments", new { model = "3d", datasets = new object[] { new { id = imported, slices = 2 } } });
        Assert.Equal(HttpStatusCode.BadRequest, badField.StatusCode);
        Assert.Contains("datasets", (await badField.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());

        using var unlabelled = Form(("plain.nii", Image()));
        var plain = (await (await client.PostAsync("/api/datasets", unlabelled)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var nothingToLearn = await client.PostAsJsonAsync("/api/experiments", new { model = "3d", datasets = new object[] { plain } });
        Assert.Equal(HttpStatusCode.BadRequest, nothingToLearn.StatusCode);
        Assert.Contains("no labels to learn from", (await nothingToLearn.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("datasets")[0].GetString());
    }

    private async Task<string[]> UserDatasets()
    {
        var list = await client.GetFromJsonAsync<JsonElement>("/api/datasets");
        return list.EnumerateArray().Where(d => !d.GetProperty("builtIn").GetBoolean()).Select(d => d.GetProperty("id").GetString()!).Order().ToArray();
    }

    /// <summary>No new record, every folder has its record, the staging area is empty, and the lab still answers.</summary>
    private async Task AssertNothingStored(string[] before)
    {
        Assert.Equal(before, await UserDatasets());
        var list = await client.GetFromJsonAsync<JsonElement>("/api/datasets");
        var ready = list.EnumerateArray().Where(d => d.GetProperty("status").GetString() == "ready").Select(d => d.GetProperty("id").GetString()!).ToHashSet();
        var root = Path.Combine(fixture.Lab.DataDirectory, "datasets");
        var folders = Directory.EnumerateDirectories(root).Select(Path.GetFileName).Where(n => !n!.StartsWith('.')).ToArray();
        // A built-in sample being stored right now may have its folder a moment before its record.
        Assert.All(folders, f => Assert.True(ready.Contains(f!) || f!.StartsWith("phantom-", StringComparison.Ordinal), $"folder {f} has no record"));
        Assert.DoesNotContain(Directory.EnumerateDirectories(Path.Combine(root, ".staging")), d => Path.GetFileName(d).StartsWith("upload-", StringComparison.Ordinal));
    }

    private static (int, int, int) Xyz(JsonElement element) =>
        (element.GetProperty("x").GetInt32(), element.GetProperty("y").GetInt32(), element.GetProperty("z").GetInt32());

    private static (int Width, int Height) PngSize(byte[] png)
    {
        Assert.Equal(0x89, png[0]);
        Assert.Equal("PNG"u8.ToArray(), png[1..4]);
        return (BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
    }

    private sealed class UnseekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
