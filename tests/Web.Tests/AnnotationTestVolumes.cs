using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using UNet3D.Lab.Silo.Datasets;
using UNet3D.Lab.Tests.Shared;

namespace UNet3D.Lab.Web.Tests;

/// <summary>What the annotation tests share: importing a volume without labels, and slices as PNG bodies.</summary>
internal static class AnnotationTestVolumes
{
    /// <summary>Imports an X × Y × Z one-channel volume without labels (intensity rising with x) and returns its id.</summary>
    public static async Task<string> ImportUnlabeled(HttpClient client, int x, int y, int z, string name = "unlabelled")
    {
        using var form = new MultipartFormDataContent
        {
            { Octets(NiftiTestFiles.Image(x, y, z, 1, i => i % x)), "image", name + ".nii" },
            { new StringContent(name), "name" },
        };
        var response = await client.PostAsync("/api/datasets", form);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
    }

    public static ByteArrayContent Png(byte[] png, string mediaType = "image/png") => new(png) { Headers = { ContentType = new MediaTypeHeaderValue(mediaType) } };

    public static ByteArrayContent Gray(int width, int height, Func<int, int, byte> pixel) => Png(GrayPng(width, height, pixel));

    public static byte[] GrayPng(int width, int height, Func<int, int, byte> pixel) => PngEncoder.Encode(width, height, 1, Pixels(width, height, pixel));

    public static byte[] Pixels(int width, int height, Func<int, int, byte> pixel)
    {
        var pixels = new byte[width * height];
        for (var row = 0; row < height; row++)
        for (var column = 0; column < width; column++)
            pixels[row * width + column] = pixel(column, row);
        return pixels;
    }

    /// <summary>A gray PNG whose header claims another bit depth and colour type (CRC fixed), as another encoder would write it.</summary>
    public static byte[] WithHeader(byte[] png, byte bitDepth, byte colourType)
    {
        var copy = (byte[])png.Clone();
        copy[24] = bitDepth;
        copy[25] = colourType;
        var crc = PngEncoder.Crc32(copy.AsSpan(12, 17));
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(copy.AsSpan(29), crc);
        return copy;
    }

    public static async Task<JsonElement> Json(HttpClient client, string url) => await client.GetFromJsonAsync<JsonElement>(url);

    private static ByteArrayContent Octets(byte[] bytes) => new(bytes) { Headers = { ContentType = new MediaTypeHeaderValue("application/octet-stream") } };
}
