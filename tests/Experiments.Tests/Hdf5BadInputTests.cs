using UNet3D.Lab.Experiments.Data.Formats;

namespace UNet3D.Lab.Experiments.Tests;

/// <summary>
/// Broken and unsupported HDF5 files, from h5py (Fixtures/hdf5/make_fixtures.py) or cut from them: each fails with a
/// <see cref="VolumeFormatException"/> naming the file and the dataset or attribute at fault.
/// </summary>
public sealed class Hdf5BadInputTests
{
    private static readonly string Fixtures = Path.Combine(AppContext.BaseDirectory, "Fixtures", "hdf5");

    [Fact]
    public void Missing_raw_dataset_is_named_with_what_the_file_has()
    {
        var error = Fails("no_raw.h5");
        Assert.Equal("no_raw.h5: no dataset 'raw' (pytorch-3dunet's layout: 'raw' as (Z,Y,X) or (C,Z,Y,X), optional 'label'); the root group has: data, label.", error.Message);
    }

    [Fact]
    public void A_trillion_voxels_are_refused_before_allocating()
    {
        // 10000³ uint16 claimed by a 1.4 KB file: chunks never written read as fill value, so the file is valid.
        var error = Fails("huge_raw.h5");
        Assert.Equal("huge_raw.h5: dataset 'raw' (10000×10000×10000) is 1000000000000 values, more than the limit of 536870912 (VolumeLimits.MaxValues).", error.Message);
    }

    [Fact]
    public void The_limit_is_configurable()
    {
        var path = Path.Combine(Fixtures, "uint8_zyx.h5");
        var error = Assert.Throws<VolumeFormatException>(() => Hdf5VolumeReader.Read(path, new VolumeLimits { MaxValues = 119 }));
        Assert.Contains("dataset 'raw' (4×5×6) is 120 values, more than the limit of 119", error.Message);
        Assert.Equal(120, Hdf5VolumeReader.Read(path, new VolumeLimits { MaxValues = 120 }).Raw.Data.Length);
    }

    [Fact]
    public void Rank_two_raw()
    {
        Assert.Equal("rank2_raw.h5: dataset 'raw' has rank 2 (5×6); expected (Z,Y,X) or (C,Z,Y,X).", Fails("rank2_raw.h5").Message);
    }

    [Fact]
    public void Unsupported_compression_is_named()
    {
        var error = Fails("lzf_raw.h5");
        Assert.StartsWith("lzf_raw.h5: reading dataset 'raw' (uint16, 4×5×6): ", error.Message);
        Assert.Contains("lzf", error.Message);
    }

    [Fact]
    public void Unsupported_element_type_is_named()
    {
        var error = Fails("complex_raw.h5");
        Assert.StartsWith("complex_raw.h5: dataset 'raw': element type Compound of 8 bytes is not supported; supported: uint8,", error.Message);
    }

    [Fact]
    public void Label_of_another_shape()
    {
        Assert.Equal("label_shape_mismatch.h5: dataset 'label' is 5x5x4 (x×y×z) but 'raw' is 6x5x4: they must cover the same voxels.", Fails("label_shape_mismatch.h5").Message);
    }

    [Fact]
    public void Element_size_with_two_values()
    {
        Assert.Equal("bad_element_size.h5: attribute element_size_um of dataset 'raw' has 2 value(s); expected 3 (z, y, x) in µm.", Fails("bad_element_size.h5").Message);
    }

    [Fact]
    public void Nan_voxel_is_refused_naming_the_first_one()
    {
        Assert.Equal("nan_raw.h5: dataset 'raw': voxel (x=3, y=2, z=1, channel 0) (value index 45) is NaN; NaN and infinite values are refused (2 in all).", Fails("nan_raw.h5").Message);
    }

    [Fact]
    public void Not_hdf5()
    {
        var bytes = File.ReadAllBytes(Path.Combine(Fixtures, "uint8_zyx.h5"));
        bytes[1] = (byte)'X';
        var error = Assert.Throws<VolumeFormatException>(() => Hdf5VolumeReader.Read(new MemoryStream(bytes), "fake.h5"));
        Assert.StartsWith("fake.h5: not an HDF5 file: no HDF5 signature", error.Message);
        Assert.Equal("tiny.h5: truncated: 3 bytes, less than the 8-byte HDF5 signature.",
            Assert.Throws<VolumeFormatException>(() => Hdf5VolumeReader.Read(new MemoryStream(bytes[..3]), "tiny.h5")).Message);
    }

    [Theory]
    [InlineData(0.1)]
    [InlineData(0.5)]
    [InlineData(0.9)]
    [InlineData(0.99)]
    public void Truncated_fixture(double kept)
    {
        var bytes = File.ReadAllBytes(Path.Combine(Fixtures, "uint16_zyx_label.h5"));
        var error = Assert.Throws<VolumeFormatException>(() => Hdf5VolumeReader.Read(new MemoryStream(bytes[..(int)(bytes.Length * kept)]), "cut.h5"));
        Assert.StartsWith("cut.h5: ", error.Message);
    }

    [Fact]
    public void Corrupted_fixtures_fail_only_with_the_format_exception()
    {
        // Cut short and with bytes overwritten at many places: the reader may succeed or refuse, but never with an
        // exception of another type.
        foreach (var fixture in new[] { "uint16_zyx_label.h5", "float32_czyx_label.h5" })
        {
            var original = File.ReadAllBytes(Path.Combine(Fixtures, fixture));
            for (var position = 0; position < original.Length; position += 29)
            {
                TryRead(original[..position], fixture, $"cut at {position}");
                var corrupt = (byte[])original.Clone();
                corrupt[position] ^= 0xA5;
                if (position + 1 < corrupt.Length) corrupt[position + 1] ^= 0xFF;
                TryRead(corrupt, fixture, $"bytes {position}-{position + 1} flipped");
            }
        }
    }

    private static void TryRead(byte[] bytes, string fixture, string change)
    {
        try
        {
            Hdf5VolumeReader.Read(new MemoryStream(bytes), fixture, new VolumeLimits { MaxValues = 1 << 20 });
        }
        catch (VolumeFormatException)
        {
        }
        catch (Exception e)
        {
            Assert.Fail($"{fixture}, {change}: {e.GetType().Name}: {e.Message}");
        }
    }

    private static VolumeFormatException Fails(string fixture) =>
        Assert.Throws<VolumeFormatException>(() => Hdf5VolumeReader.Read(Path.Combine(Fixtures, fixture)));
}
