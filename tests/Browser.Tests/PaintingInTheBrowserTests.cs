using System.Buffers.Binary;
using System.IO.Compression;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace UNet3D.Lab.Browser.Tests;

/// <summary>
/// Painting a slice in the viewer: what the browser sends to <c>PUT /api/datasets/{id}/annotations/{axis}/{index}</c>
/// is an 8-bit grayscale PNG of the slice in NIfTI index order (col = i, row = j for axis z), class c where painted
/// with class c and 255 elsewhere. The request is answered here, so this checks the browser's side alone.
/// </summary>
[Collection(LabInTheBrowserCollection.Name)]
public sealed class PaintingInTheBrowserTests(LabInTheBrowser lab)
{
    [ChromiumFact]
    public async Task Painted_voxels_reach_the_annotation_api_as_a_png_of_the_slice_with_class_values_and_undo_takes_the_last_stroke_back()
    {
        var datasetId = await ImportWithoutLabels(lab, "painted in the browser");
        var page = await lab.NewPage();
        var sent = new List<(string Url, string? ContentType, byte[] Body)>();
        await page.RouteAsync($"**/api/datasets/{datasetId}/annotations/**", async route =>
        {
            sent.Add((route.Request.Url, route.Request.Headers.GetValueOrDefault("content-type"), route.Request.PostDataBuffer ?? []));
            await route.FulfillAsync(new() { Status = 200, ContentType = "application/json", Body = "{}" });
        });
        await page.GotoAsync($"{lab.BaseUrl}/datasets/{datasetId}?view=axial");
        await ViewerInTheBrowserTests.WaitUntilDrawn(page);

        await page.GetByTestId("start-painting").ClickAsync();
        await Assertions.Expect(page.GetByTestId("painting-slice")).ToHaveTextAsync("painting slice 12 along z");
        await ChoosePen(page, "pen-1");
        // The 48 × 48 slice fills the canvas's height, centred: voxel (24 + di, 24 + dj) lies half a voxel past the
        // centre, j growing upwards (NIfTI's anterior). The brush is 3 voxels wide.
        var click = await VoxelClicker(page, 48);
        await click(0, 0);
        await click(10, 0);
        await ChoosePen(page, "pen-0");
        await click(0, 5);
        await page.GetByTestId("save-slice").ClickAsync();
        await Assertions.Expect(page.GetByTestId("painter-message")).ToContainTextAsync("Saved slice z 12: 27 annotated voxels");

        var (url, contentType, body) = Assert.Single(sent);
        Assert.EndsWith($"/api/datasets/{datasetId}/annotations/z/12", url);
        Assert.Equal("image/png", contentType);
        var (width, height, pixels) = DecodeGrayPng(body);
        Assert.Equal((48, 48), (width, height));
        foreach (var (i, j, value) in new[] { (24, 24, 1), (34, 24, 1), (24, 29, 0), (23, 23, 1), (25, 25, 1), (26, 24, 255), (24, 31, 255) })
            Assert.True(pixels[i + j * width] == value, $"pixel ({i}, {j}) is {pixels[i + j * width]}, expected {value}");
        Assert.Equal(18, pixels.Count(p => p == 1));
        Assert.Equal(9, pixels.Count(p => p == 0));
        Assert.Equal(48 * 48 - 27, pixels.Count(p => p == 255));
        await page.Locator("[data-testid=volume-viewer]").ScreenshotAsync(new() { Path = ViewerInTheBrowserTests.Screenshot("painting-three-clicks.png") });

        // Undo takes the class-0 stroke back; saving again sends the two class-1 squares only.
        await page.GetByTestId("undo").ClickAsync();
        await page.GetByTestId("save-slice").ClickAsync();
        await Assertions.Expect(page.GetByTestId("painter-message")).ToContainTextAsync("18 annotated voxels");
        var (_, _, undone) = DecodeGrayPng(sent[^1].Body);
        Assert.Equal(18, undone.Count(p => p == 1));
        Assert.Equal(48 * 48 - 18, undone.Count(p => p == 255));
    }

    /// <summary>Chooses a pen and waits until the page shows it chosen (after the script took it).</summary>
    internal static async Task ChoosePen(IPage page, string pen)
    {
        await page.GetByTestId(pen).ClickAsync();
        await Assertions.Expect(page.GetByTestId(pen)).ToHaveAttributeAsync("aria-pressed", "true");
    }

    /// <summary>Imports the built-in phantom S1's image alone (no labels) through the API; returns the new dataset's id.</summary>
    internal static async Task<string> ImportWithoutLabels(LabInTheBrowser lab, string name)
    {
        using var http = new HttpClient();
        var image = await http.GetByteArrayAsync($"{lab.BaseUrl}/api/datasets/phantom-tiny-s1/image.nii.gz");
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(image), "image", "unlabelled.nii.gz" },
            { new StringContent(name), "name" },
        };
        var response = await http.PostAsync($"{lab.BaseUrl}/api/datasets", form);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    /// <summary>Clicks voxel (centre + di, centre + dj) of the axial slice a square volume of <paramref name="size"/> shows.</summary>
    internal static async Task<Func<int, int, Task>> VoxelClicker(IPage page, int size)
    {
        var canvas = page.GetByTestId("viewer-canvas");
        await canvas.ScrollIntoViewIfNeededAsync();
        var box = (await canvas.BoundingBoxAsync())!;
        var voxel = Math.Min(box.Width, box.Height) / size;
        var (x, y) = (box.X + box.Width / 2, box.Y + box.Height / 2);
        return (di, dj) => page.Mouse.ClickAsync((float)(x + (di + 0.5) * voxel), (float)(y - (dj + 0.5) * voxel));
    }

    /// <summary>Width, height and pixels of an 8-bit grayscale PNG whose rows use filter 0, as the viewer writes them.</summary>
    internal static (int Width, int Height, byte[] Pixels) DecodeGrayPng(byte[] png)
    {
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a }, png[..8]);
        int width = 0, height = 0;
        using var idat = new MemoryStream();
        for (var at = 8; at < png.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at));
            var type = System.Text.Encoding.ASCII.GetString(png, at + 4, 4);
            var data = png.AsSpan(at + 8, length);
            if (type == "IHDR")
            {
                (width, height) = (BinaryPrimitives.ReadInt32BigEndian(data), BinaryPrimitives.ReadInt32BigEndian(data[4..]));
                Assert.Equal((8, 0), ((int)data[8], (int)data[9])); // bit depth 8, grayscale
            }
            if (type == "IDAT") idat.Write(data);
            at += 12 + length;
        }
        idat.Position = 0;
        using var rows = new MemoryStream();
        using (var zlib = new ZLibStream(idat, CompressionMode.Decompress)) zlib.CopyTo(rows);
        var raw = rows.ToArray();
        Assert.Equal(height * (width + 1), raw.Length);
        var pixels = new byte[width * height];
        for (var row = 0; row < height; row++)
        {
            Assert.Equal(0, raw[row * (width + 1)]);
            raw.AsSpan(row * (width + 1) + 1, width).CopyTo(pixels.AsSpan(row * width));
        }
        return (width, height, pixels);
    }
}
