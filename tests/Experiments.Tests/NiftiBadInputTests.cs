using UNet3D.Lab.Experiments.Data.Formats;

namespace UNet3D.Lab.Experiments.Tests;

public sealed class NiftiBadInputTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "unet3d-lab-tests", "nifti-bad-" + Guid.NewGuid().ToString("N"));

    public NiftiBadInputTests() => Directory.CreateDirectory(folder);

    public void Dispose()
    {
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(200)]
    [InlineData(347)]
    public void Truncated_header(int length)
    {
        var raw = new RawNiftiFile();
        var error = ReadFails("short.nii", raw.Build(new byte[16])[..length]);
        Assert.Contains("header truncated", error.Message);
        Assert.Contains("sizeof_hdr", error.Message);
    }

    [Theory]
    [InlineData("abc\0", "magic = \"abc\\x00\" is not \"n+1\"")]
    [InlineData("\0\0\0\0", "magic = \"\\x00\\x00\\x00\\x00\"")]
    [InlineData("n+2\0", "magic = \"n+2\\x00\"")]
    public void Wrong_magic(string magic, string expected)
    {
        var raw = new RawNiftiFile { Magic = magic };
        Assert.Contains(expected, ReadFails("magic.nii", raw.Build(new byte[16])).Message);
    }

    [Fact]
    public void Header_of_an_hdr_img_pair()
    {
        var raw = new RawNiftiFile { Magic = "ni1\0" };
        var error = ReadFails("pair.hdr", raw.Build([]));
        Assert.Contains("magic = \"ni1\"", error.Message);
        Assert.Contains(".hdr/.img", error.Message);
    }

    [Fact]
    public void Voxel_half_of_an_hdr_img_pair()
    {
        var error = ReadFails("pair.img", new byte[400]);
        Assert.Contains(".hdr/.img", error.Message);
    }

    [Theory]
    [InlineData(123, false)]
    [InlineData(0, false)]
    [InlineData(347, true)]
    public void Sizeof_hdr_not_348_in_either_byte_order(int size, bool bigEndian)
    {
        var raw = new RawNiftiFile { SizeOfHeader = size, BigEndian = bigEndian };
        Assert.Contains("sizeof_hdr = ", ReadFails("size.nii", raw.Build(new byte[16])).Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Nifti2(bool bigEndian)
    {
        var raw = new RawNiftiFile { SizeOfHeader = 540, BigEndian = bigEndian };
        Assert.Contains("sizeof_hdr = 540 marks a NIfTI-2 file", ReadFails("two.nii", raw.Build(new byte[16])).Message);
    }

    [Theory]
    [InlineData(0, "is outside 1..7")]
    [InlineData(-3, "is outside 1..7")]
    [InlineData(8, "is outside 1..7")]
    [InlineData(1, "a 1D image")]
    [InlineData(2, "a 2D image")]
    public void Dim0_outside_1_to_7_or_below_3(int dimensions, string expected)
    {
        var raw = new RawNiftiFile();
        raw.Dim[0] = (short)dimensions;
        var error = ReadFails("rank.nii", raw.Build(new byte[16]));
        Assert.Contains($"dim[0] = {dimensions}", error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(2, -4)]
    [InlineData(3, 0)]
    [InlineData(4, 0)]
    [InlineData(5, -1)]
    public void Zero_or_negative_size(int axis, int size)
    {
        var raw = new RawNiftiFile();
        raw.Dim[0] = 5;
        raw.Dim[axis] = (short)size;
        Assert.Contains($"rank.nii: dim[{axis}] = {size} is not a positive size", ReadFails("rank.nii", raw.Build(new byte[16])).Message);
    }

    [Fact]
    public void Sizes_beyond_dim0_are_ignored()
    {
        var raw = new RawNiftiFile();
        (raw.Dim[4], raw.Dim[5], raw.Dim[6]) = (0, -7, 9);
        var path = Path.Combine(folder, "ignored.nii");
        File.WriteAllBytes(path, raw.Build(new byte[16]));
        Assert.Equal(1, NiftiReader.Read(path).Channels);
    }

    [Fact]
    public void Time_series_of_vectors_and_higher_dimensions()
    {
        var raw = new RawNiftiFile();
        raw.Dim[0] = 5;
        (raw.Dim[4], raw.Dim[5]) = (2, 3);
        Assert.Contains("dim[4] = 2 and dim[5] = 3", ReadFails("series.nii", raw.Build(new byte[96])).Message);

        var six = new RawNiftiFile();
        six.Dim[0] = 6;
        six.Dim[6] = 2;
        Assert.Contains("dim[6] = 2", ReadFails("six.nii", six.Build(new byte[32])).Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Absurd_size_is_rejected_before_allocating(bool gzip)
    {
        // 10^12 voxels: more than any managed array.
        var huge = new RawNiftiFile();
        (huge.Dim[1], huge.Dim[2], huge.Dim[3]) = (10000, 10000, 10000);
        var error = ReadFailsWithoutAllocating("huge.nii", huge.Build(new byte[16]), gzip);
        Assert.Contains("dim[1..4] = 10000 x 10000 x 10000 x 1 is 1e+12 values", error.Message);

        // 10^9 uint8 voxels would fit an array, but not the file.
        var large = new RawNiftiFile { DataType = 2, BitPix = 8 };
        (large.Dim[1], large.Dim[2], large.Dim[3]) = (1000, 1000, 1000);
        error = ReadFailsWithoutAllocating("large.nii", large.Build(new byte[16]), gzip);
        Assert.Contains("voxel data truncated", error.Message);
        Assert.Contains("1000000000 bytes", error.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Truncated_voxel_data(bool gzip)
    {
        var raw = new RawNiftiFile();
        (raw.Dim[1], raw.Dim[2], raw.Dim[3]) = (5, 4, 3);
        var bytes = raw.Build(new byte[5 * 4 * 3 * 2 - 50]);
        var name = gzip ? "cut.nii.gz" : "cut.nii";
        var error = ReadFails(name, gzip ? RawNiftiFile.Gzip(bytes) : bytes, checkHeader: !gzip);
        Assert.Contains("voxel data truncated", error.Message);
        Assert.Contains("120 bytes", error.Message);
    }

    [Fact]
    public void Truncated_gzip_stream()
    {
        var raw = new RawNiftiFile();
        (raw.Dim[1], raw.Dim[2], raw.Dim[3]) = (40, 40, 40);
        var values = Enumerable.Range(0, 64000).Select(i => (double)(i * 7919 % 30011)).ToArray();
        var gzip = RawNiftiFile.Gzip(raw.Build(raw.Encode(NiftiDataType.Int16, values)));
        ReadFails("cut-gzip.nii.gz", gzip[..(gzip.Length / 2)], checkHeader: false);
    }

    [Fact]
    public void Corrupt_gzip_data()
    {
        byte[] corrupt = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 1, 2, 3, 4];
        Assert.Contains("gzip", ReadFails("corrupt.nii.gz", corrupt).Message);
    }

    [Theory]
    [InlineData(128, "rgb24")]
    [InlineData(256, "int8")]
    [InlineData(768, "uint32")]
    [InlineData(32, "complex64")]
    [InlineData(0, "unknown")]
    [InlineData(999, "unknown")]
    public void Unsupported_datatype(int code, string name)
    {
        var raw = new RawNiftiFile { DataType = (short)code };
        var error = ReadFails("type.nii", raw.Build(new byte[64]));
        Assert.Contains($"type.nii: datatype = {code} ({name}) is not supported", error.Message);
        Assert.Contains("uint8 (2)", error.Message);
    }

    [Fact]
    public void Bad_scaling_spacing_offset_and_transform_fields()
    {
        var intercept = new RawNiftiFile { SclSlope = 2, SclInter = float.NaN };
        Assert.Contains("scl_inter = NaN", ReadFails("inter.nii", intercept.Build(new byte[16])).Message);

        var spacing = new RawNiftiFile();
        spacing.PixDim[2] = float.PositiveInfinity;
        Assert.Contains("pixdim[2] = Infinity", ReadFails("pixdim.nii", spacing.Build(new byte[16])).Message);

        var offset = new RawNiftiFile { VoxOffset = float.NaN };
        Assert.Contains("vox_offset = NaN", ReadFails("offset.nii", offset.Build(new byte[16])).Message);

        var far = new RawNiftiFile { VoxOffset = 1e6f };
        Assert.Contains("vox_offset 1000000", ReadFails("far.nii", far.Build(new byte[16])).Message);

        var sform = new RawNiftiFile { SFormCode = 1 };
        sform.SRow[1][3] = float.NaN;
        Assert.Contains("srow_y[3] = NaN", ReadFails("sform.nii", sform.Build(new byte[16])).Message);

        var qform = new RawNiftiFile { QFormCode = 1 };
        qform.Quatern[4] = float.NegativeInfinity;
        Assert.Contains("qoffset_y = -Infinity", ReadFails("qform.nii", qform.Build(new byte[16])).Message);
    }

    [Fact]
    public void Stream_errors_use_the_given_name()
    {
        using var stream = new MemoryStream(new RawNiftiFile().Build(new byte[3]));
        var error = Assert.Throws<NiftiFormatException>(() => NiftiReader.Read(stream, "upload #3", gzip: false));
        Assert.StartsWith("upload #3: voxel data truncated", error.Message);
    }

    [Fact]
    public void Format_errors_are_io_errors()
    {
        var path = Path.Combine(folder, "text.nii");
        File.WriteAllText(path, "not a NIfTI file at all");
        Assert.StartsWith("text.nii: sizeof_hdr = ", Assert.ThrowsAny<IOException>(() => NiftiReader.Read(path)).Message);
    }

    /// <summary>Reading fails with an error that starts with the file name; <see cref="NiftiReader.ReadHeader"/> too.</summary>
    private NiftiFormatException ReadFails(string name, byte[] bytes, bool checkHeader = true)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllBytes(path, bytes);
        var error = Assert.Throws<NiftiFormatException>(() => NiftiReader.Read(path));
        Assert.StartsWith(name + ": ", error.Message);
        if (checkHeader) Assert.Equal(error.Message, Assert.Throws<NiftiFormatException>(() => NiftiReader.ReadHeader(path)).Message);
        return error;
    }

    private NiftiFormatException ReadFailsWithoutAllocating(string name, byte[] bytes, bool gzip)
    {
        var path = Path.Combine(folder, name + (gzip ? ".gz" : ""));
        File.WriteAllBytes(path, gzip ? RawNiftiFile.Gzip(bytes) : bytes);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<NiftiFormatException>(() => NiftiReader.Read(path));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20, "The reader allocated voxel memory before checking the size.");
        return error;
    }
}
