using UNet3D.Lab.Experiments.Data;
using UNet3D.Lab.Experiments.Data.Formats;

namespace UNet3D.Lab.Experiments.Tests;

public sealed class VolumeFormatsTests : IDisposable
{
    private static readonly string Fixtures = Path.Combine(AppContext.BaseDirectory, "Fixtures");
    private readonly string folder = Path.Combine(Path.GetTempPath(), "unet3d-lab-tests", "volume-formats-" + Guid.NewGuid().ToString("N"));

    public VolumeFormatsTests() => Directory.CreateDirectory(folder);

    public void Dispose()
    {
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
    }

    [Theory]
    [InlineData("a.nii", VolumeFormat.Nifti)]
    [InlineData("dir/A.NII.GZ", VolumeFormat.Nifti)]
    [InlineData("stack.tif", VolumeFormat.Tiff)]
    [InlineData("stack.TIFF", VolumeFormat.Tiff)]
    [InlineData("train.h5", VolumeFormat.Hdf5)]
    [InlineData("train.hdf5", VolumeFormat.Hdf5)]
    [InlineData("train.hdf", VolumeFormat.Hdf5)]
    public void Detects_the_format_by_extension(string fileName, VolumeFormat expected) =>
        Assert.Equal(expected, VolumeFormats.Detect(fileName));

    [Theory]
    [InlineData("picture.png", "picture.png: the extension '.png' is not a volume format")]
    [InlineData("archive.gz", "archive.gz: the extension '.gz' is not a volume format")]
    [InlineData("dir/volume", "volume: the extension (none) is not a volume format")]
    public void Unknown_extensions_are_named(string fileName, string expected)
    {
        var error = Assert.Throws<VolumeFormatException>(() => VolumeFormats.Detect(fileName));
        Assert.StartsWith(expected, error.Message);
        Assert.EndsWith("supported: .nii, .nii.gz, .tif, .tiff, .h5, .hdf5, .hdf.", error.Message);
    }

    [Fact]
    public void Nifti_reads_as_a_volume_file_with_its_spacing_and_type()
    {
        var path = Path.Combine(Fixtures, "nifti", "uint16_3d.nii");
        var volume = VolumeFormats.Read(path);
        var image = NiftiReader.Read(path);

        Assert.Equal(VolumeFormat.Nifti, volume.Format);
        Assert.Equal("uint16", volume.SourceType);
        Assert.Equal(image.Shape, volume.Shape);
        Assert.Equal(image.Data, volume.Data);
        Assert.Equal((0.5, 0.75, 2.0), volume.Spacing);
    }

    [Fact]
    public void Tiff_and_hdf5_read_through_the_dispatcher()
    {
        var tiff = VolumeFormats.Read(Path.Combine(Fixtures, "tiff", "uint16_2ch.tif"));
        Assert.Equal((VolumeFormat.Tiff, 2), (tiff.Format, tiff.Channels));
        Assert.Equal(FixtureValues.Compute("uint16", 2), tiff.Data);

        var hdf5 = VolumeFormats.Read(Path.Combine(Fixtures, "hdf5", "float32_czyx_label.h5"));
        Assert.Equal((VolumeFormat.Hdf5, 2), (hdf5.Format, hdf5.Channels));
        Assert.Equal(FixtureValues.Compute("float32", 2), hdf5.Data);
    }

    [Fact]
    public void The_label_comes_from_hdf5_only()
    {
        Assert.Equal(FixtureValues.Labels(), VolumeFormats.ReadLabel(Path.Combine(Fixtures, "hdf5", "uint16_zyx_label.h5"))!.Data);
        Assert.Null(VolumeFormats.ReadLabel(Path.Combine(Fixtures, "hdf5", "int32_zyx.h5")));
        Assert.Null(VolumeFormats.ReadLabel(Path.Combine(Fixtures, "tiff", "uint8_1ch.tif")));
    }

    [Theory]
    [InlineData("nifti/float32_4d_2ch.nii.gz")]
    [InlineData("tiff/float32_3ch_bigendian_nm.tif")]
    [InlineData("hdf5/uint16_zyx_label.h5")]
    public void Streams_that_cannot_seek_read_like_files(string fixture)
    {
        var path = Path.Combine(Fixtures, fixture);
        using var stream = new ForwardOnlyStream(File.ReadAllBytes(path));
        var fromStream = VolumeFormats.Read(stream, Path.GetFileName(path));
        var fromFile = VolumeFormats.Read(path);
        Assert.Equal(fromFile.Data, fromStream.Data);
        Assert.Equal(fromFile.Spacing, fromStream.Spacing);
    }

    [Fact]
    public void Nifti_with_a_nan_voxel_is_refused_through_the_dispatcher()
    {
        var data = Enumerable.Range(0, 24).Select(i => (float)i).ToArray();
        data[13] = float.NaN;
        var path = Path.Combine(folder, "nan.nii");
        NiftiWriter.Write(path, new NiftiImage(4, 3, 2, 1, data, (1, 1, 1), SpatialUnit.Micron), NiftiDataType.Float32);

        var error = Assert.Throws<VolumeFormatException>(() => VolumeFormats.Read(path));
        Assert.Equal("nan.nii: voxel (x=1, y=0, z=1, channel 0) (value index 13) is NaN; NaN and infinite values are refused (1 in all).", error.Message);
        // NiftiReader itself still hands NaN over, for callers that want to see it.
        Assert.True(float.IsNaN(NiftiReader.Read(path).Data[13]));
    }

    [Fact]
    public void Nifti_over_the_limit_is_refused_from_its_header()
    {
        var error = Assert.Throws<VolumeFormatException>(() =>
            VolumeFormats.Read(Path.Combine(Fixtures, "nifti", "uint16_3d.nii"), new VolumeLimits { MaxValues = 100 }));
        Assert.Equal("uint16_3d.nii: dim (6x5x4, 1 channel(s)) is 120 values, more than the limit of 100 (VolumeLimits.MaxValues).", error.Message);
    }

    [Fact]
    public void Nifti_errors_are_volume_format_errors()
    {
        var path = Path.Combine(folder, "broken.nii");
        File.WriteAllBytes(path, new byte[100]);
        var error = Assert.ThrowsAny<VolumeFormatException>(() => VolumeFormats.Read(path));
        Assert.IsType<NiftiFormatException>(error);
        Assert.StartsWith("broken.nii: ", error.Message);
    }

    [Theory]
    [InlineData("out.nii.gz", VolumeDataType.Int16)]
    [InlineData("out.nii", VolumeDataType.Float64)]
    [InlineData("out.tif", VolumeDataType.UInt16)]
    [InlineData("out.tiff", VolumeDataType.Float32)]
    [InlineData("out.h5", VolumeDataType.Int32)]
    [InlineData("out.hdf5", VolumeDataType.UInt8)]
    public void Writes_by_extension_and_reads_back_exactly(string fileName, VolumeDataType type)
    {
        var kind = type == VolumeDataType.UInt8 ? "uint8" : type is VolumeDataType.Int16 or VolumeDataType.UInt16 ? "uint16" : type.Name();
        var values = FixtureValues.Compute(kind, 2);
        if (type == VolumeDataType.Int16) values = values.Select(v => v - 32768).ToArray();
        var written = new VolumeFile(new VolumeShape(4, 5, 6), 2, values, (1.5, 0.5, 2.0), SpatialUnit.Micron, type.Name(), VolumeFormats.Detect(fileName));
        var path = Path.Combine(folder, fileName);

        VolumeFormats.Write(path, written, type);
        var read = VolumeFormats.Read(path);

        Assert.Equal(VolumeFormats.Detect(fileName), read.Format);
        Assert.Equal(type.Name(), read.SourceType);
        Assert.Equal(2, read.Channels);
        Assert.Equal(values, read.Data);
        Assert.Equal((1.5, 0.5, 2.0), read.Spacing);
    }

    [Fact]
    public void Nifti_conversion_keeps_voxels_spacing_and_type()
    {
        var image = NiftiReader.Read(Path.Combine(Fixtures, "nifti", "float32_4d_2ch.nii.gz"));
        var volume = VolumeFile.FromNifti(image);
        Assert.Equal((image.X, image.Y, image.Z, image.Channels), (volume.Shape.X, volume.Shape.Y, volume.Shape.Z, volume.Channels));
        Assert.Equal("float32", volume.SourceType);

        var back = volume.ToNifti("again");
        Assert.Equal(image.Data, back.Data);
        Assert.Equal(image.Spacing, back.Spacing);
        Assert.Equal(NiftiDataType.Float32, back.SourceType);
        Assert.Equal("again", back.Description);
        // A type NIfTI lacks falls back to float32.
        Assert.Equal(NiftiDataType.Float32, new VolumeFile(new VolumeShape(1, 1, 2), 1, [1, 2], (1, 1, 1), SpatialUnit.Micron, "uint32", VolumeFormat.Tiff).ToNifti().SourceType);
    }

    [Fact]
    public void Volume_file_checks_its_arguments()
    {
        Assert.Throws<ArgumentException>(() => new VolumeFile(new VolumeShape(2, 2, 2), 1, new float[7], (1, 1, 1), SpatialUnit.Micron, "float32", VolumeFormat.Tiff));
        Assert.Throws<ArgumentOutOfRangeException>(() => new VolumeFile(new VolumeShape(2, 2, 2), 1, new float[8], (1, 0, 1), SpatialUnit.Micron, "float32", VolumeFormat.Tiff));
        Assert.Throws<ArgumentOutOfRangeException>(() => new VolumeFile(new VolumeShape(0, 2, 2), 1, [], (1, 1, 1), SpatialUnit.Micron, "float32", VolumeFormat.Tiff));
        Assert.Throws<ArgumentOutOfRangeException>(() => new VolumeLimits { MaxValues = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new VolumeLimits { MaxValues = (long)Array.MaxLength + 1 });
    }

    /// <summary>A stream that reads forward only, like a network or pipe stream.</summary>
    private sealed class ForwardOnlyStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;

        public override long Seek(long offset, SeekOrigin loc) => throw new NotSupportedException();

        public override long Position
        {
            get => base.Position;
            set => throw new NotSupportedException();
        }

        public override long Length => throw new NotSupportedException();
    }
}
