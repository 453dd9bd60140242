using System.Runtime.InteropServices;
using System.Security.Cryptography;
using UNet3D.Lab.Experiments.Data.Formats;

namespace UNet3D.Lab.Experiments.Tests;

/// <summary>
/// The voxel formulas of the TIFF and HDF5 fixtures (Fixtures/tiff/make_fixtures.py, Fixtures/hdf5/make_fixtures.py),
/// computed again here: a fixture is checked voxel by voxel against the formula, not against our reader.
/// Volumes are 4 (z) × 5 (y) × 6 (x); values come back channel-major (C, Z, Y, X), x fastest.
/// </summary>
internal static class FixtureValues
{
    public const int Z = 4, Y = 5, X = 6;

    /// <summary>"uint8", "uint16", "int16", "int32", or a float type (float32, float64).</summary>
    public static float[] Compute(string kind, int channels)
    {
        var values = new float[channels * Z * Y * X];
        var i = 0;
        for (var c = 0; c < channels; c++)
        for (var z = 0; z < Z; z++)
        for (var y = 0; y < Y; y++)
        for (var x = 0; x < X; x++)
        {
            long ramp = 17 + 1009 * x + 3001 * y + 12007 * z + 30011 * c;
            values[i++] = kind switch
            {
                "uint8" => (3 + 5 * x + 7 * y + 29 * z + 101 * c) % 256,
                "uint16" => ramp % 65536,
                "int16" => ramp % 65536 - 32768,
                "int32" => ramp * 997 - 5_000_000,
                _ => 0.25f * x - 1.5f * y + 10.125f * z + 100.5f * c - 3,
            };
        }
        return values;
    }

    /// <summary>The label map of the HDF5 fixtures: (x + 2y + 3z) mod 3.</summary>
    public static float[] Labels()
    {
        var values = new float[Z * Y * X];
        var i = 0;
        for (var z = 0; z < Z; z++)
        for (var y = 0; y < Y; y++)
        for (var x = 0; x < X; x++)
            values[i++] = (x + 2 * y + 3 * z) % 3;
        return values;
    }

    /// <summary>SHA-256 of <paramref name="values"/> stored as <paramref name="type"/>, little-endian, in order.</summary>
    public static string Sha256(float[] values, VolumeDataType type)
    {
        byte[] bytes = type switch
        {
            VolumeDataType.UInt8 => values.Select(v => (byte)v).ToArray(),
            VolumeDataType.Int16 => MemoryMarshal.AsBytes(values.Select(v => (short)v).ToArray().AsSpan()).ToArray(),
            VolumeDataType.UInt16 => MemoryMarshal.AsBytes(values.Select(v => (ushort)v).ToArray().AsSpan()).ToArray(),
            VolumeDataType.Int32 => MemoryMarshal.AsBytes(values.Select(v => (int)v).ToArray().AsSpan()).ToArray(),
            VolumeDataType.Float32 => MemoryMarshal.AsBytes(values.AsSpan()).ToArray(),
            _ => MemoryMarshal.AsBytes(values.Select(v => (double)v).ToArray().AsSpan()).ToArray(),
        };
        return Convert.ToHexStringLower(SHA256.HashData(bytes));
    }
}
