using System.Text.Json;

namespace UNet3D.Lab.Tests.Shared;

/// <summary>
/// nibabel's view of NIfTI geometry (Fixtures/nifti/geometry.py): images made by nibabel, and the header fields
/// nibabel reads back, so that outputs are compared with their inputs by an implementation that is not ours.
/// </summary>
internal static class NibabelGeometry
{
    public static readonly string Script = Path.Combine(AppContext.BaseDirectory, "Fixtures", "nifti", "geometry.py");

    /// <summary>A float32 image written by nibabel. <paramref name="units"/>: unknown, mm (with seconds), micron, meter.</summary>
    /// <param name="orientation">diagonal (nibabel's defaults: sform code 2, no qform) or oblique (qform 1, sform 2).</param>
    public static JsonElement Make(string path, string units, string orientation, int x, int y, int z, int channels) =>
        PythonTool.RunJson(Script, "make", path, units, orientation, $"{x}", $"{y}", $"{z}", $"{channels}");

    /// <summary>What nibabel reads from each file, in order.</summary>
    public static JsonElement[] Describe(params string[] paths) =>
        [.. PythonTool.RunJson(Script, ["describe", .. paths]).EnumerateArray()];

    /// <summary>
    /// <paramref name="output"/> has <paramref name="input"/>'s units (named and the stored byte, time bits included),
    /// sform and qform with their codes, affine, pixdim and spatial zooms, exactly.
    /// </summary>
    public static void AssertSameGeometry(JsonElement input, JsonElement output)
    {
        var what = $"{Path.GetFileName(output.GetProperty("file").GetString())} against {Path.GetFileName(input.GetProperty("file").GetString())}";
        Assert.True(Strings(input, "xyzt_units").SequenceEqual(Strings(output, "xyzt_units")),
            $"{what}: xyzt units {string.Join("/", Strings(output, "xyzt_units"))}, input {string.Join("/", Strings(input, "xyzt_units"))}");
        foreach (var field in new[] { "xyzt_byte", "sform_code", "qform_code" })
            Assert.True(input.GetProperty(field).GetInt32() == output.GetProperty(field).GetInt32(),
                $"{what}: {field} = {output.GetProperty(field).GetInt32()}, input {input.GetProperty(field).GetInt32()}");
        foreach (var field in new[] { "sform", "qform", "affine" })
            Assert.True(Text(input, field) == Text(output, field), $"{what}: {field} = {Text(output, field)}, input {Text(input, field)}");
        Assert.True(Text(input, "pixdim") == Text(output, "pixdim"), $"{what}: pixdim = {Text(output, "pixdim")}, input {Text(input, "pixdim")}");
        Assert.Equal(Numbers(input, "zooms").Take(3), Numbers(output, "zooms").Take(3));
    }

    private static string[] Strings(JsonElement element, string field) =>
        [.. element.GetProperty(field).EnumerateArray().Select(value => value.GetString() ?? "")];

    private static double[] Numbers(JsonElement element, string field) =>
        [.. element.GetProperty(field).EnumerateArray().Select(value => value.GetDouble())];

    // Matrices compared as nibabel printed them: equal text is equal doubles, and a null (no qform) matches only null.
    private static string Text(JsonElement element, string field) => element.GetProperty(field).GetRawText();
}
