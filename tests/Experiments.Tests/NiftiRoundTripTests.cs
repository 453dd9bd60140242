using System.Buffers.Binary;
using UNet3D.Lab.Experiments.Data.Formats;

namespace UNet3D.Lab.Experiments.Tests;

public sealed class NiftiRoundTripTests : IDisposable
{
    private static readonly (double X, double Y, double Z) Spacing = (0.5, 0.75, 2.0);
    private readonly string folder = Path.Combine(Path.GetTempPath(), "unet3d-lab-tests", "nifti-" + Guid.NewGuid().ToString("N"));

    public NiftiRoundTripTests() => Directory.CreateDirectory(folder);

    public void Dispose()
    {
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
    }

    public static TheoryData<NiftiDataType, bool, int> EveryTypeGzipAndChannels { get; } = BuildCases();

    public static TheoryData<NiftiDataType, bool> EveryTypeInBothByteOrders { get; } = BuildByteOrderCases();

    [Theory]
    [MemberData(nameof(EveryTypeGzipAndChannels))]
    public void Every_type_round_trips_exactly_with_spacing_and_affine(NiftiDataType type, bool gzip, int channels)
    {
        var affine = Affine("oblique");
        var image = new NiftiImage(5, 4, 3, channels, Values(type, 5 * 4 * 3 * channels), Spacing, SpatialUnit.Micron, affine, type, $"{type} round trip");
        var path = Path.Combine(folder, $"{type}-{channels}.nii" + (gzip ? ".gz" : ""));

        NiftiWriter.Write(path, image, type);
        var read = NiftiReader.Read(path);

        Assert.Equal((5, 4, 3, channels), (read.X, read.Y, read.Z, read.Channels));
        Assert.Equal(type, read.SourceType);
        Assert.Equal(Bits(image.Data), Bits(read.Data));
        Assert.Equal(Spacing, read.Spacing);
        Assert.Equal($"{type} round trip", read.Description);
        for (var row = 0; row < 4; row++)
        for (var column = 0; column < 4; column++)
            Assert.Equal((double)(float)affine[row, column], read.Affine[row, column]);
        Assert.False(File.Exists(path + ".partial"));

        var bytes = File.ReadAllBytes(path);
        if (gzip) Assert.Equal(new byte[] { 0x1f, 0x8b }, bytes[..2]);
        else Assert.Equal(352 + image.Data.Length * BytesPerVoxel(type), bytes.Length);
    }

    [Fact]
    public void Written_header_follows_the_standard()
    {
        var path = Path.Combine(folder, "header.nii");
        NiftiWriter.Write(path, new NiftiImage(6, 5, 4, 2, new float[240], Spacing, SpatialUnit.Micron, Affine("oblique")), NiftiDataType.UInt16);
        var bytes = File.ReadAllBytes(path).AsSpan();

        Assert.Equal(348, BinaryPrimitives.ReadInt32LittleEndian(bytes));
        short[] dim = [4, 6, 5, 4, 2, 1, 1, 1];
        for (var i = 0; i < 8; i++) Assert.Equal(dim[i], BinaryPrimitives.ReadInt16LittleEndian(bytes[(40 + 2 * i)..]));
        Assert.Equal(512, BinaryPrimitives.ReadInt16LittleEndian(bytes[70..]));
        Assert.Equal(16, BinaryPrimitives.ReadInt16LittleEndian(bytes[72..]));
        Assert.Equal(0.75f, BinaryPrimitives.ReadSingleLittleEndian(bytes[84..]));
        Assert.Equal(352f, BinaryPrimitives.ReadSingleLittleEndian(bytes[108..]));
        Assert.Equal(3, bytes[123]); // µm
        Assert.Equal(1, BinaryPrimitives.ReadInt16LittleEndian(bytes[252..]));
        Assert.Equal(1, BinaryPrimitives.ReadInt16LittleEndian(bytes[254..]));
        Assert.Equal("n+1\0"u8.ToArray(), bytes[344..348].ToArray());
        Assert.Equal(new byte[4], bytes[348..352].ToArray());
        Assert.Equal(352 + 240 * 2, bytes.Length);
    }

    [Theory]
    [InlineData("oblique")]
    [InlineData("flipped")]
    [InlineData("half turn")]
    [InlineData("mirrored x")]
    [InlineData("upside down")]
    [InlineData("turned about z")]
    public void Qform_describes_the_same_affine_as_the_sform(string kind)
    {
        var affine = Affine(kind);
        var path = Path.Combine(folder, "qform.nii");
        NiftiWriter.Write(path, new NiftiImage(3, 3, 3, 1, new float[27], Spacing, SpatialUnit.Micron, affine), NiftiDataType.Float32);
        DropSform(path);

        var header = NiftiReader.ReadHeader(path);
        Assert.Equal((1, 0), (header.QFormCode, header.SFormCode));
        AssertClose(affine, header.Affine, 1e-5);
        AssertClose(affine, NiftiReader.Read(path).Affine, 1e-5);
    }

    [Fact]
    public void Sheared_affine_keeps_its_sform_and_gets_an_axis_aligned_qform()
    {
        var sheared = Affine("oblique");
        sheared[0, 1] += 0.3;
        var path = Path.Combine(folder, "sheared.nii.gz");
        NiftiWriter.Write(path, new NiftiImage(3, 3, 3, 1, new float[27], Spacing, SpatialUnit.Micron, sheared), NiftiDataType.Float32);
        AssertClose(sheared, NiftiReader.Read(path).Affine, 1e-6);

        var plain = Path.Combine(folder, "sheared.nii");
        File.WriteAllBytes(plain, RawNiftiFileFromGzip(path));
        DropSform(plain);
        var expected = new double[,] { { 0.5, 0, 0, sheared[0, 3] }, { 0, 0.75, 0, sheared[1, 3] }, { 0, 0, 2, sheared[2, 3] }, { 0, 0, 0, 1 } };
        AssertClose(expected, NiftiReader.Read(plain).Affine, 1e-5);
    }

    [Theory]
    [MemberData(nameof(EveryTypeInBothByteOrders))]
    public void Hand_built_files_read_in_either_byte_order(NiftiDataType type, bool bigEndian)
    {
        var values = Values(type, 2 * 3 * 4 * 2).Select(v => (double)v).ToArray();
        var raw = new RawNiftiFile { BigEndian = bigEndian, DataType = (short)type, SFormCode = 2, Description = "hand made" };
        raw.Dim[0] = 4;
        (raw.Dim[1], raw.Dim[2], raw.Dim[3], raw.Dim[4]) = (2, 3, 4, 2);
        (raw.PixDim[1], raw.PixDim[2], raw.PixDim[3]) = (0.5f, -0.75f, 2f);
        raw.SRow[0][3] = -12.5f;
        raw.SRow[2][1] = 0.25f;
        var path = Path.Combine(folder, $"{type}-{(bigEndian ? "big" : "little")}.nii");
        File.WriteAllBytes(path, raw.Build(raw.Encode(type, values)));

        var image = NiftiReader.Read(path);
        Assert.Equal((2, 3, 4, 2), (image.X, image.Y, image.Z, image.Channels));
        Assert.Equal(values.Select(v => (float)v), image.Data);
        Assert.Equal((0.5, 0.75, 2.0), image.Spacing); // in the header's mm, as stored
        Assert.Equal(SpatialUnit.Millimeter, image.Unit);
        Assert.Equal(-12.5, image.Affine[0, 3]);
        Assert.Equal(0.25, image.Affine[2, 1]);
        Assert.Equal("hand made", image.Description);
        Assert.Equal(bigEndian, NiftiReader.ReadHeader(path).IsBigEndian);
    }

    [Theory]
    [InlineData(2f, -10f, true)]
    [InlineData(0.5f, 0f, true)]
    [InlineData(0f, 100f, false)]
    [InlineData(float.NaN, float.NaN, false)]
    [InlineData(float.PositiveInfinity, 3f, false)]
    [InlineData(1f, 0f, false)]
    public void Scl_slope_and_scl_inter_are_applied_unless_the_slope_is_zero_or_not_finite(float slope, float intercept, bool scaled)
    {
        var raw = new RawNiftiFile { BigEndian = true, SclSlope = slope, SclInter = intercept };
        double[] values = [-32768, -3, -2, -1, 0, 1, 2, 32767];
        var path = Path.Combine(folder, "scaled.nii.gz");
        File.WriteAllBytes(path, RawNiftiFile.Gzip(raw.Build(raw.Encode(NiftiDataType.Int16, values))));

        var image = NiftiReader.Read(path);
        var expected = values.Select(v => scaled ? (float)(v * slope + intercept) : (float)v);
        Assert.Equal(expected, image.Data);
        Assert.Equal(scaled, NiftiReader.ReadHeader(path).IsScaled);
    }

    [Fact]
    public void Vector_images_with_channels_in_dim5_read_like_4d()
    {
        var raw = new RawNiftiFile { DataType = 16 };
        raw.Dim[0] = 5;
        (raw.Dim[4], raw.Dim[5]) = (1, 3);
        var values = Enumerable.Range(0, 24).Select(i => i * 1.5).ToArray();
        var path = Path.Combine(folder, "vector.nii");
        File.WriteAllBytes(path, raw.Build(raw.Encode(NiftiDataType.Float32, values)));

        var image = NiftiReader.Read(path);
        Assert.Equal(3, image.Channels);
        Assert.Equal(10.5f, image.Data[image.Index(channel: 0, z: 1, y: 1, x: 1)]);
        Assert.Equal(19.5f, image.Data[image.Index(channel: 1, z: 1, y: 0, x: 1)]);
        Assert.Equal(values.Select(v => (float)v), image.Data);
    }

    [Fact]
    public void Header_extensions_are_skipped_and_vox_offset_zero_means_352()
    {
        var raw = new RawNiftiFile { VoxOffset = 368, AfterHeader = [1, 0, 0, 0, 16, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8] };
        double[] values = [1, 2, 3, 4, 5, 6, 7, 8];
        var path = Path.Combine(folder, "extended.nii");
        File.WriteAllBytes(path, raw.Build(raw.Encode(NiftiDataType.Int16, values)));
        Assert.Equal(values.Select(v => (float)v), NiftiReader.Read(path).Data);

        var plain = new RawNiftiFile { VoxOffset = 0 };
        File.WriteAllBytes(path, plain.Build(plain.Encode(NiftiDataType.Int16, values)));
        Assert.Equal(values.Select(v => (float)v), NiftiReader.Read(path).Data);
    }

    [Fact]
    public void Nan_and_infinite_voxels_are_read_without_complaint()
    {
        var raw = new RawNiftiFile { DataType = 16 };
        double[] values = [double.NaN, double.PositiveInfinity, double.NegativeInfinity, 0, 1, 2, 3, 4];
        var path = Path.Combine(folder, "nan.nii");
        File.WriteAllBytes(path, raw.Build(raw.Encode(NiftiDataType.Float32, values)));
        Assert.Equal(values.Select(v => (float)v), NiftiReader.Read(path).Data);
    }

    [Fact]
    public void Zero_and_negative_pixdim_give_positive_spacing()
    {
        var raw = new RawNiftiFile();
        (raw.PixDim[1], raw.PixDim[2], raw.PixDim[3]) = (0f, -2.5f, 3f);
        var path = Path.Combine(folder, "pixdim.nii");
        File.WriteAllBytes(path, raw.Build(new byte[16]));
        var image = NiftiReader.Read(path);
        Assert.Equal((1.0, 2.5, 3.0), image.Spacing);
        AssertClose(new double[,] { { 1, 0, 0, 0 }, { 0, 2.5, 0, 0 }, { 0, 0, 3, 0 }, { 0, 0, 0, 1 } }, image.Affine, 0);
    }

    [Fact]
    public void Streams_are_read_from_their_position_and_left_open()
    {
        var path = Path.Combine(folder, "stream.nii.gz");
        var image = new NiftiImage(2, 2, 2, 1, [1, 2, 3, 4, 5, 6, 7, 8], Spacing, SpatialUnit.Micron);
        NiftiWriter.Write(path, image, NiftiDataType.UInt8);
        using var stream = new MemoryStream([9, 9, 9, .. File.ReadAllBytes(path)]);
        stream.Position = 3;

        var read = NiftiReader.Read(stream, "in memory", gzip: true);

        Assert.Equal(image.Data, read.Data);
        Assert.True(stream.CanRead);
    }

    [Fact]
    public void Integer_types_round_to_nearest_even()
    {
        var path = Path.Combine(folder, "rounded.nii");
        float[] values = [2.5f, 3.5f, 254.6f, -0.4f, 0.5f, 1.49f, 255.4f, 7f];
        NiftiWriter.Write(path, new NiftiImage(2, 2, 2, 1, values, Spacing, SpatialUnit.Micron), NiftiDataType.UInt8);
        Assert.Equal(new[] { 2f, 4f, 255f, 0f, 0f, 1f, 255f, 7f }, NiftiReader.Read(path).Data);
    }

    [Fact]
    public void Int32_maximum_survives_its_rounding_to_float()
    {
        var path = Path.Combine(folder, "int32.nii");
        NiftiWriter.Write(path, new NiftiImage(2, 1, 1, 1, [2147483648f, int.MinValue], Spacing, SpatialUnit.Micron), NiftiDataType.Int32);
        var bytes = File.ReadAllBytes(path).AsSpan(352);
        Assert.Equal(int.MaxValue, BinaryPrimitives.ReadInt32LittleEndian(bytes));
        Assert.Equal(int.MinValue, BinaryPrimitives.ReadInt32LittleEndian(bytes[4..]));
    }

    [Theory]
    [InlineData(NiftiDataType.UInt8, 256f, "does not fit uint8")]
    [InlineData(NiftiDataType.UInt8, -0.6f, "does not fit uint8")]
    [InlineData(NiftiDataType.Int16, 40000f, "does not fit int16")]
    [InlineData(NiftiDataType.UInt16, float.NaN, "NaN cannot be stored as uint16")]
    [InlineData(NiftiDataType.Int32, float.PositiveInfinity, "cannot be stored as int32")]
    [InlineData(NiftiDataType.Int32, 2147483904f, "does not fit int32")]
    [InlineData(NiftiDataType.Int32, -2147483904f, "does not fit int32")]
    public void Unrepresentable_values_fail_naming_the_voxel_and_leave_the_old_file(NiftiDataType type, float bad, string problem)
    {
        var path = Path.Combine(folder, "labels.nii.gz");
        NiftiWriter.Write(path, new NiftiImage(4, 3, 2, 2, new float[48], Spacing, SpatialUnit.Micron), type);
        var before = File.ReadAllBytes(path);
        var data = new float[48];
        data[1 * 24 + 1 * 12 + 2 * 4 + 3] = bad;

        var error = Assert.Throws<ArgumentException>(() => NiftiWriter.Write(path, new NiftiImage(4, 3, 2, 2, data, Spacing, SpatialUnit.Micron), type));

        Assert.Contains("labels.nii.gz: voxel (x=3, y=2, z=1, channel 1)", error.Message);
        Assert.Contains(problem, error.Message);
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.False(File.Exists(path + ".partial"));
    }

    [Fact]
    public void Sizes_beyond_16_bits_cannot_be_written()
    {
        var image = new NiftiImage(40000, 1, 1, 1, new float[40000], Spacing, SpatialUnit.Micron);
        var error = Assert.Throws<ArgumentException>(() => NiftiWriter.Write(Path.Combine(folder, "wide.nii"), image, NiftiDataType.UInt8));
        Assert.Contains("dim[1] = 40000", error.Message);
    }

    private static TheoryData<NiftiDataType, bool, int> BuildCases()
    {
        var cases = new TheoryData<NiftiDataType, bool, int>();
        foreach (var type in Enum.GetValues<NiftiDataType>())
        foreach (var gzip in new[] { false, true })
        foreach (var channels in new[] { 1, 2 })
            cases.Add(type, gzip, channels);
        return cases;
    }

    private static TheoryData<NiftiDataType, bool> BuildByteOrderCases()
    {
        var cases = new TheoryData<NiftiDataType, bool>();
        foreach (var type in Enum.GetValues<NiftiDataType>())
        foreach (var bigEndian in new[] { false, true })
            cases.Add(type, bigEndian);
        return cases;
    }

    /// <summary>Values that each type stores exactly, its extremes included.</summary>
    private static float[] Values(NiftiDataType type, int count)
    {
        var values = new float[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = type switch
            {
                NiftiDataType.UInt8 => i * 37 % 256,
                NiftiDataType.Int16 => i * 2731 % 65536 - 32768,
                NiftiDataType.UInt16 => i * 4099 % 65536,
                NiftiDataType.Int32 => (float)(i * 1234567.0 - 5e7),
                _ => i * 0.37f - 3,
            };
        }
        float[] extremes = type switch
        {
            NiftiDataType.UInt8 => [0, 255],
            NiftiDataType.Int16 => [-32768, 32767],
            NiftiDataType.UInt16 => [0, 65535],
            NiftiDataType.Int32 => [int.MinValue, 2147483520f, 16777216f],
            _ => [float.NaN, float.PositiveInfinity, float.NegativeInfinity, float.MaxValue, float.Epsilon, -0f, 1e-30f],
        };
        extremes.CopyTo(values, 0);
        return values;
    }

    private static int BytesPerVoxel(NiftiDataType type) => type switch
    {
        NiftiDataType.UInt8 => 1,
        NiftiDataType.Int16 or NiftiDataType.UInt16 => 2,
        NiftiDataType.Int32 or NiftiDataType.Float32 => 4,
        _ => 8,
    };

    private static int[] Bits(float[] values) => values.Select(BitConverter.SingleToInt32Bits).ToArray();

    /// <summary>Rotations (with a flip or two) times <see cref="Spacing"/>, plus an offset.</summary>
    private static double[,] Affine(string kind)
    {
        double[,] rotation = kind switch
        {
            // 30° about z, then 50° about x.
            "oblique" => Multiply(new double[,] { { Math.Cos(0.5236), -Math.Sin(0.5236), 0 }, { Math.Sin(0.5236), Math.Cos(0.5236), 0 }, { 0, 0, 1 } },
                new double[,] { { 1, 0, 0 }, { 0, Math.Cos(0.8727), -Math.Sin(0.8727) }, { 0, Math.Sin(0.8727), Math.Cos(0.8727) } }),
            "flipped" => Multiply(new double[,] { { Math.Cos(2), -Math.Sin(2), 0 }, { Math.Sin(2), Math.Cos(2), 0 }, { 0, 0, 1 } },
                new double[,] { { 1, 0, 0 }, { 0, 1, 0 }, { 0, 0, -1 } }),
            "half turn" => new double[,] { { -1, 0, 0 }, { 0, 1, 0 }, { 0, 0, -1 } },
            "mirrored x" => new double[,] { { -1, 0, 0 }, { 0, 1, 0 }, { 0, 0, 1 } },
            "upside down" => new double[,] { { 1, 0, 0 }, { 0, -1, 0 }, { 0, 0, -1 } },
            "turned about z" => new double[,] { { -1, 0, 0 }, { 0, -1, 0 }, { 0, 0, 1 } },
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
        double[] scale = [Spacing.X, Spacing.Y, Spacing.Z];
        double[] offset = [-91.5, 120.25, -33];
        var affine = new double[4, 4];
        for (var row = 0; row < 3; row++)
        {
            for (var column = 0; column < 3; column++) affine[row, column] = rotation[row, column] * scale[column];
            affine[row, 3] = offset[row];
        }
        affine[3, 3] = 1;
        return affine;
    }

    private static double[,] Multiply(double[,] a, double[,] b)
    {
        var product = new double[3, 3];
        for (var i = 0; i < 3; i++)
        for (var j = 0; j < 3; j++)
        for (var k = 0; k < 3; k++)
            product[i, j] += a[i, k] * b[k, j];
        return product;
    }

    private static void AssertClose(double[,] expected, double[,] actual, double tolerance)
    {
        for (var row = 0; row < 4; row++)
        for (var column = 0; column < 4; column++)
            Assert.True(Math.Abs(expected[row, column] - actual[row, column]) <= tolerance,
                $"affine[{row},{column}] = {actual[row, column]}, expected {expected[row, column]}");
    }

    /// <summary>Sets sform_code (bytes 254–255) to 0 so that readers fall back to the qform.</summary>
    private static void DropSform(string path)
    {
        var bytes = File.ReadAllBytes(path);
        BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(254), 0);
        File.WriteAllBytes(path, bytes);
    }

    private static byte[] RawNiftiFileFromGzip(string path)
    {
        using var gzip = new System.IO.Compression.GZipStream(File.OpenRead(path), System.IO.Compression.CompressionMode.Decompress);
        using var memory = new MemoryStream();
        gzip.CopyTo(memory);
        return memory.ToArray();
    }
}
