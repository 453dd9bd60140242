namespace UNet3D.Lab.Experiments.Data;

/// <summary>
/// An axis of a volume. A slice "along" an axis is the plane orthogonal to it: X gives yz planes, Y gives xz
/// planes, Z gives xy planes, the paper's (yz, xz, xy) order.
/// </summary>
public enum VolumeAxis
{
    X = 0,
    Y = 1,
    Z = 2,
}
