using System.Text.Json;
using UNet3D.Lab.Experiments.Data.Formats;

namespace UNet3D.Lab.Experiments.Tests;

/// <summary>
/// Files written by nibabel (Fixtures/nifti/make_fixtures.py), each with a JSON of what nibabel reads back from it:
/// our reader must agree with an implementation that is not ours. The JSON carries everything, so no Python is needed.
/// </summary>
public sealed class NiftiIndependentFilesTests : IDisposable
{
    private static readonly string Fixtures = Path.Combine(AppContext.BaseDirectory, "Fixtures", "nifti");
    private readonly string folder = Path.Combine(Path.GetTempPath(), "unet3d-lab-tests", "nifti-nibabel-" + Guid.NewGuid().ToString("N"));

    public NiftiIndependentFilesTests() => Directory.CreateDirectory(folder);

    public void Dispose()
    {
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
    }

    private static readonly string[] FixtureNames =
    [
        "uint8_3d",
        "int16_scaled_3d",
        "uint16_3d",
        "int32_3d",
        "float32_4d_2ch",
        "float64_3d",
        "int16_bigendian_3d",
        "float32_bigendian_4d",
        "float32_oblique_sform",
        "float32_qform_flipped",
        "float32_vector_5d",
    ];

    public static TheoryData<string> Names { get; } = new(FixtureNames);

    [Fact]
    public void Every_fixture_is_listed()
    {
        var present = Directory.GetFiles(Fixtures, "*.json").Select(file => Path.GetFileNameWithoutExtension(file)).Order();
        Assert.Equal(FixtureNames.Order(), present);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Reads_what_nibabel_wrote(string fixture)
    {
        var (path, expected) = Load(fixture);
        var image = NiftiReader.Read(path);
        var header = NiftiReader.ReadHeader(path);

        var shape = Ints(expected.GetProperty("shape"));
        Assert.Equal(shape, new[] { image.X, image.Y, image.Z, image.Channels });
        Assert.Equal(shape, new[] { header.X, header.Y, header.Z, header.Channels });
        Assert.Equal(expected.GetProperty("dim0").GetInt32(), header.Dimensions);
        Assert.Equal(expected.GetProperty("datatype").GetInt32(), (int)image.SourceType);
        Assert.Equal(expected.GetProperty("big_endian").GetBoolean(), header.IsBigEndian);
        Assert.Equal(expected.GetProperty("qform_code").GetInt32(), header.QFormCode);
        Assert.Equal(expected.GetProperty("sform_code").GetInt32(), header.SFormCode);
        Assert.Equal(expected.GetProperty("description").GetString(), image.Description);

        var spacing = Doubles(expected.GetProperty("spacing"));
        Assert.Equal(spacing, new[] { image.Spacing.X, image.Spacing.Y, image.Spacing.Z });
        // nibabel writes xyzt_units 0 unless told otherwise: the numbers are read as they are, unit unknown.
        Assert.Equal(SpatialUnit.Unknown, image.Unit);

        var slope = expected.GetProperty("scl_slope");
        var scaled = slope.ValueKind == JsonValueKind.Number && (slope.GetDouble(), expected.GetProperty("scl_inter").GetDouble()) != (1.0, 0.0);
        Assert.Equal(scaled, header.IsScaled);
        if (scaled)
        {
            Assert.Equal(slope.GetDouble(), header.ScaleSlope);
            Assert.Equal(expected.GetProperty("scl_inter").GetDouble(), header.ScaleIntercept);
        }

        var affine = expected.GetProperty("affine").EnumerateArray().Select(Doubles).ToArray();
        for (var row = 0; row < 4; row++)
        for (var column = 0; column < 4; column++)
        {
            // sform values match exactly; a qform is computed from float32 quaternions, here and in nibabel.
            Assert.True(Math.Abs(affine[row][column] - image.Affine[row, column]) <= 1e-5,
                $"{fixture}: affine[{row},{column}] = {image.Affine[row, column]}, nibabel says {affine[row][column]}");
        }

        // nibabel scales in double, as we do; both then round once to float.
        var values = Doubles(expected.GetProperty("values")).Select(v => (float)v).ToArray();
        Assert.Equal(values, image.Data);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Nibabel_files_survive_our_round_trip(string fixture)
    {
        var (path, _) = Load(fixture);
        var image = NiftiReader.Read(path);
        // Scaled files hold fractional values: float32 keeps them; the others go back as they came.
        var type = NiftiReader.ReadHeader(path).IsScaled ? NiftiDataType.Float32 : image.SourceType;
        var copy = Path.Combine(folder, fixture + ".nii.gz");

        NiftiWriter.Write(copy, image, type);
        var again = NiftiReader.Read(copy);

        Assert.Equal((image.X, image.Y, image.Z, image.Channels), (again.X, again.Y, again.Z, again.Channels));
        Assert.Equal(image.Data, again.Data);
        Assert.Equal(image.Spacing, again.Spacing);
        Assert.Equal(image.Unit, again.Unit);
        Assert.Equal(image.Description, again.Description);
        // The header's geometry is written back as read, so the affine comes back exactly.
        Assert.Equal(image.Affine, again.Affine);
    }

    private static (string Path, JsonElement Expected) Load(string fixture)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(Fixtures, fixture + ".json")));
        var expected = document.RootElement.Clone();
        return (Path.Combine(Fixtures, expected.GetProperty("file").GetString()!), expected);
    }

    private static int[] Ints(JsonElement array) => array.EnumerateArray().Select(e => e.GetInt32()).ToArray();

    private static double[] Doubles(JsonElement array) => array.EnumerateArray().Select(e => e.GetDouble()).ToArray();
}
