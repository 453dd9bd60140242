namespace UNet3D.Lab.Experiments.Augmentation;

/// <summary>
/// The paper's on-the-fly augmentation of training tiles: rotation, scaling and gray-value changes (the paper gives
/// no parameters for these; the defaults are modest guesses) plus a smooth dense elastic deformation with the
/// paper's parameters (displacements drawn with standard deviation 4 voxels on a 32-voxel control grid,
/// interpolated with cubic B-splines). All distances are in voxels of the tile.
/// </summary>
public sealed record AugmentationSettings
{
    /// <summary>Every transform off: <see cref="TileAugmenter"/> returns copies of its inputs.</summary>
    public static AugmentationSettings None { get; } = new()
    {
        Elastic = false,
        Rotation = false,
        Scaling = false,
        GrayValue = false,
    };

    /// <summary>Smooth dense deformation of image and labels.</summary>
    public bool Elastic { get; init; } = true;

    /// <summary>
    /// Standard deviation, in voxels, of each axis' random displacement at each control point (paper: 4). The
    /// draws are B-spline coefficients, smoothed rather than interpolated through (as the authors' Caffe
    /// deformation layer does), so the dense displacement varies less: in 3D its standard deviation is about a
    /// third of this (about 1.4 voxels at the default), with peaks near this value.
    /// </summary>
    public double ElasticSigma { get; init; } = 4;

    /// <summary>Distance between B-spline control points, in voxels, along every axis (paper: 32).</summary>
    public double ElasticGridSpacing { get; init; } = 32;

    /// <summary>Random rotation about the tile centre.</summary>
    public bool Rotation { get; init; } = true;

    /// <summary>
    /// Largest rotation, in degrees, in the (Y, X) plane, i.e. about the Z axis; angles are uniform in ±this.
    /// 3D tiles rotate in-plane by default because the paper's volumes are anisotropic (coarser along Z), so a
    /// rotation that mixes Z into X or Y would distort the physical geometry.
    /// </summary>
    public double MaxRotationDegrees { get; init; } = 15;

    /// <summary>
    /// Largest tilt, in degrees, about the X and the Y axis (3D only), uniform in ±this for each. Tilts work in
    /// voxel units and thus shear anisotropic volumes slightly; 0 (the default) leaves Z alone.
    /// </summary>
    public double MaxTiltDegrees { get; init; }

    /// <summary>Random isotropic scaling about the tile centre.</summary>
    public bool Scaling { get; init; } = true;

    /// <summary>Smallest zoom factor; the factor is uniform in [<see cref="MinScale"/>, <see cref="MaxScale"/>], above 1 magnifies.</summary>
    public double MinScale { get; init; } = 0.9;

    /// <summary>Largest zoom factor.</summary>
    public double MaxScale { get; init; } = 1.1;

    /// <summary>Random per-channel gain and offset of the image (labels are untouched), after resampling.</summary>
    public bool GrayValue { get; init; } = true;

    /// <summary>Smallest per-channel gain; the gain is uniform in [<see cref="MinGain"/>, <see cref="MaxGain"/>].</summary>
    public double MinGain { get; init; } = 0.9;

    /// <summary>Largest per-channel gain.</summary>
    public double MaxGain { get; init; } = 1.1;

    /// <summary>Largest per-channel offset, in standardised intensity units; the offset is uniform in ±this.</summary>
    public double MaxOffset { get; init; } = 0.1;

    /// <summary>Whether any transform moves voxels (and so needs resampling).</summary>
    public bool ChangesGeometry => Elastic || Rotation || Scaling;

    /// <summary>Whether any transform is on.</summary>
    public bool AnyEnabled => ChangesGeometry || GrayValue;

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first field with a bad value.</summary>
    public void Validate()
    {
        if (!double.IsFinite(ElasticSigma) || ElasticSigma < 0)
            throw new ArgumentException($"ElasticSigma must be finite and non-negative, not {ElasticSigma}.", nameof(ElasticSigma));
        if (!double.IsFinite(ElasticGridSpacing) || ElasticGridSpacing < 2)
            throw new ArgumentException($"ElasticGridSpacing must be at least 2 voxels, not {ElasticGridSpacing}.", nameof(ElasticGridSpacing));
        if (!double.IsFinite(MaxRotationDegrees) || MaxRotationDegrees is < 0 or > 180)
            throw new ArgumentException($"MaxRotationDegrees must be in [0, 180], not {MaxRotationDegrees}.", nameof(MaxRotationDegrees));
        if (!double.IsFinite(MaxTiltDegrees) || MaxTiltDegrees is < 0 or > 90)
            throw new ArgumentException($"MaxTiltDegrees must be in [0, 90], not {MaxTiltDegrees}.", nameof(MaxTiltDegrees));
        if (!double.IsFinite(MinScale) || MinScale <= 0)
            throw new ArgumentException($"MinScale must be positive and finite, not {MinScale}.", nameof(MinScale));
        if (!double.IsFinite(MaxScale) || MaxScale < MinScale)
            throw new ArgumentException($"MaxScale must be finite and at least MinScale ({MinScale}), not {MaxScale}.", nameof(MaxScale));
        if (!double.IsFinite(MinGain) || MinGain <= 0)
            throw new ArgumentException($"MinGain must be positive and finite, not {MinGain}.", nameof(MinGain));
        if (!double.IsFinite(MaxGain) || MaxGain < MinGain)
            throw new ArgumentException($"MaxGain must be finite and at least MinGain ({MinGain}), not {MaxGain}.", nameof(MaxGain));
        if (!double.IsFinite(MaxOffset) || MaxOffset < 0)
            throw new ArgumentException($"MaxOffset must be finite and non-negative, not {MaxOffset}.", nameof(MaxOffset));
    }
}
