// Times the semi-automated loop in Chromium (Playwright): from pressing "Train on my slices" on a dataset page to the
// dense prediction drawn in the viewer of the run's page. The volume is a phantom's image imported without labels;
// two of its slices (the middle z and y planes) are annotated through the annotation API with the phantom's labels.
// Prints numbers; asserts nothing (timings never live in tests).
//
//   dotnet run -c Release --project src/Web -- --Lab:DataDirectory bench-slices --urls http://127.0.0.1:5095
//   dotnet run tests/bench/TrainOnSlicesTiming.cs -- http://127.0.0.1:5095 smoke|cpu [source dataset] [screenshots folder]
#:package Microsoft.Playwright
#:property PublishAot=false
using System.Diagnostics;
using System.IO.Compression;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

var baseUrl = (args.Length > 0 ? args[0] : "http://127.0.0.1:5095").TrimEnd('/');
var preset = args.Length > 1 ? args[1] : "smoke";
var source = args.Length > 2 ? args[2] : "phantom-tiny-s1";
var shots = args.Length > 3 ? args[3] : Path.Combine(Path.GetTempPath(), "train-on-slices");
Directory.CreateDirectory(shots);

using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(10) };
var image = await http.GetByteArrayAsync($"{baseUrl}/api/datasets/{source}/image.nii.gz");
var (x, y, z, labels) = ReadUInt8Nifti(await http.GetByteArrayAsync($"{baseUrl}/api/datasets/{source}/labels.nii.gz"));
using var form = new MultipartFormDataContent { { new ByteArrayContent(image), "image", "unlabelled.nii.gz" }, { new StringContent($"{source} unlabelled"), "name" } };
var imported = await http.PostAsync($"{baseUrl}/api/datasets", form);
if (!imported.IsSuccessStatusCode) throw new InvalidOperationException(await imported.Content.ReadAsStringAsync());
var datasetId = (await imported.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

// The middle z plane (x × y pixels) and the middle y plane (x × z pixels), pixel value = class.
var zSlice = new byte[x * y];
for (var j = 0; j < y; j++) for (var i = 0; i < x; i++) zSlice[i + j * x] = labels[i + j * x + z / 2 * x * y];
var ySlice = new byte[x * z];
for (var k = 0; k < z; k++) for (var i = 0; i < x; i++) ySlice[i + k * x] = labels[i + y / 2 * x + k * x * y];
foreach (var (axis, index, width, height, pixels) in new[] { ("z", z / 2, x, y, zSlice), ("y", y / 2, x, z, ySlice) })
{
    using var body = new ByteArrayContent(GrayPng(width, height, pixels));
    body.Headers.ContentType = new("image/png");
    var saved = await http.PutAsync($"{baseUrl}/api/datasets/{datasetId}/annotations/{axis}/{index}", body);
    if (!saved.IsSuccessStatusCode) throw new InvalidOperationException(await saved.Content.ReadAsStringAsync());
}
Console.WriteLine($"dataset {datasetId}: {source}'s image ({x}×{y}×{z}) without labels, slices z {z / 2} and y {y / 2} annotated; preset {preset}");

using var playwright = await Playwright.CreateAsync();
await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = "/usr/bin/chromium", Headless = true, Args = ["--no-sandbox", "--disable-dev-shm-usage"] });
var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1400, Height = 1000 } });
await page.GotoAsync($"{baseUrl}/datasets/{datasetId}?view=axial");
await page.Locator("[data-testid=viewer-canvas][data-loaded=true]").WaitForAsync(new() { Timeout = 60_000 });
await page.GetByTestId($"train-preset-{preset}").ClickAsync();

var clock = Stopwatch.StartNew();
await page.GetByTestId("train-on-slices").ClickAsync();
// Blazor moves to the run's page without a navigation event to wait for: poll the location.
await page.WaitForFunctionAsync("() => location.pathname.startsWith('/experiments/exp-')", null, new() { Timeout = 60_000, PollingInterval = 50 });
var queued = clock.Elapsed;
await Assertions.Expect(page.GetByTestId("status")).ToHaveTextAsync("completed", new() { Timeout = 3_600_000 });
var trained = clock.Elapsed;
await page.Locator("[data-testid=viewer-canvas][data-loaded=true]").WaitForAsync(new() { Timeout = 600_000 });
var drawn = clock.Elapsed;
await page.Locator("[data-testid=volume-viewer]").ScreenshotAsync(new() { Path = Path.Combine(shots, $"train-on-slices-{preset}.png") });
Console.WriteLine($"Train on my slices -> run page {queued.TotalSeconds:F1} s, run completed {trained.TotalSeconds:F1} s, prediction overlay drawn {drawn.TotalSeconds:F1} s ({page.Url.Split('/')[^1]}, preset {preset}); screenshot in {shots}");

static (int X, int Y, int Z, byte[] Labels) ReadUInt8Nifti(byte[] gz)
{
    using var raw = new MemoryStream();
    using (var gzip = new GZipStream(new MemoryStream(gz), CompressionMode.Decompress)) gzip.CopyTo(raw);
    var bytes = raw.ToArray();
    var (x, y, z) = (BitConverter.ToInt16(bytes, 42), BitConverter.ToInt16(bytes, 44), BitConverter.ToInt16(bytes, 46));
    if (BitConverter.ToInt16(bytes, 70) != 2) throw new InvalidDataException("labels.nii.gz is not uint8");
    var offset = (int)BitConverter.ToSingle(bytes, 108);
    return (x, y, z, bytes[offset..(offset + x * y * z)]);
}

static byte[] GrayPng(int width, int height, byte[] pixels)
{
    using var png = new MemoryStream();
    png.Write([137, 80, 78, 71, 13, 10, 26, 10]);
    var header = new byte[13];
    System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(header, width);
    System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
    header[8] = 8; // bit depth 8, colour type 0 (grayscale)
    Chunk(png, "IHDR", header);
    using var rows = new MemoryStream();
    using (var zlib = new ZLibStream(rows, CompressionLevel.Optimal, leaveOpen: true))
        for (var row = 0; row < height; row++) { zlib.WriteByte(0); zlib.Write(pixels, row * width, width); }
    Chunk(png, "IDAT", rows.ToArray());
    Chunk(png, "IEND", []);
    return png.ToArray();
}

static void Chunk(Stream png, string type, byte[] data)
{
    var length = new byte[4];
    System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
    png.Write(length);
    var typed = System.Text.Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
    png.Write(typed);
    var crc = 0xFFFFFFFFu;
    foreach (var b in typed)
    {
        crc ^= b;
        for (var bit = 0; bit < 8; bit++) crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
    }
    var tail = new byte[4];
    System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(tail, ~crc);
    png.Write(tail);
}
