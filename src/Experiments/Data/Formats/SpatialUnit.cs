namespace UNet3D.Lab.Experiments.Data.Formats;

/// <summary>
/// The unit a volume's spacing and affine are in, with NIfTI-1's xyzt_units codes (bits 0–2) as values. Unknown is
/// NIfTI's default (nibabel writes it unless told otherwise): the numbers are then sizes in nothing in particular.
/// </summary>
public enum SpatialUnit
{
    Unknown = 0,
    Meter = 1,
    Millimeter = 2,
    Micron = 3,
}
