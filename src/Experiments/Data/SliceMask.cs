namespace UNet3D.Lab.Experiments.Data;

/// <summary>Which voxels of a (Z, Y, X) volume lie on any of a set of planes.</summary>
public static class SliceMask
{
    public static bool[] Create(VolumeShape shape, IEnumerable<AnnotatedSlice> slices)
    {
        var mask = new bool[shape.VoxelCount];
        foreach (var slice in slices)
        {
            if (slice.Index < 0 || slice.Index >= shape.Extent(slice.Axis))
                throw new ArgumentOutOfRangeException(nameof(slices), slice, $"Slice {slice.Index} along {slice.Axis} is outside 0..{shape.Extent(slice.Axis) - 1} of a {shape} volume.");
            for (var z = 0; z < shape.Z; z++)
            for (var y = 0; y < shape.Y; y++)
            {
                var row = ((long)z * shape.Y + y) * shape.X;
                switch (slice.Axis)
                {
                    case VolumeAxis.X: mask[row + slice.Index] = true; break;
                    case VolumeAxis.Y when y == slice.Index:
                    case VolumeAxis.Z when z == slice.Index:
                        Array.Fill(mask, true, (int)row, shape.X);
                        break;
                }
            }
        }
        return mask;
    }
}
