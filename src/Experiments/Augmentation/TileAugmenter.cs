using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace UNet3D.Lab.Experiments.Augmentation;

/// <summary>
/// Augments one training tile on the fly, as the paper does: rotation and scaling about the tile centre and a
/// cubic B-spline elastic deformation, combined into one sampling grid so image and labels are resampled once,
/// then per-channel gray-value changes of the image. The image is resampled (bi/tri)linearly with reflection at
/// the tile border; labels by nearest neighbour, so they stay integral, and voxels whose source lies outside the
/// label tile become the unlabeled value: a label is never invented. All randomness comes
/// from the caller's <see cref="Random"/>, so a seed fixes the result. Stateless, so one instance may serve
/// concurrent training loops that each bring their own <see cref="Random"/>.
/// </summary>
public sealed class TileAugmenter
{
    private static readonly ScalarType[] IntegerLabelTypes =
        [ScalarType.Byte, ScalarType.Int8, ScalarType.Int16, ScalarType.Int32, ScalarType.Int64];

    /// <param name="unlabeled">The label of voxels nobody annotated (<see cref="LabelSet.Unlabeled"/>).</param>
    public TileAugmenter(AugmentationSettings settings, byte unlabeled = SegmentationLabels.Unlabeled)
    {
        settings.Validate();
        Settings = settings;
        Unlabeled = unlabeled;
    }

    public byte Unlabeled { get; }

    public AugmentationSettings Settings { get; }

    /// <summary>
    /// Returns a new, augmented image [C, *S] and new labels of the shape and type given. <paramref name="image"/> is
    /// floating point [C, Z, Y, X] or [C, Y, X]; <paramref name="labels"/> holds integer labels either over the same
    /// spatial extent or over a smaller window centred in it (starting at ⌊(S − L) / 2⌋ per axis, like the output
    /// region of a valid-convolution tile), in any integer type, returned in that type. Every axis needs at least
    /// 2 voxels. Both tensors must be on one device, where all the work happens. <paramref name="random"/> is not
    /// thread-safe: give each training loop its own.
    /// </summary>
    public (Tensor Image, Tensor Labels) Augment(Tensor image, Tensor labels, Random random)
    {
        CheckInputs(image, labels);
        var imageExtent = image.shape.Skip(1).Select(e => (int)e).ToArray();
        var labelExtent = labels.shape.Select(e => (int)e).ToArray();

        using var scope = NewDisposeScope();
        Tensor augmentedImage, augmentedLabels;
        if (Settings.ChangesGeometry)
        {
            var imageGrid = SamplingGrid(imageExtent, random, image.device).to_type(image.dtype);
            augmentedImage = grid_sample(image.unsqueeze(0), imageGrid.unsqueeze(0), GridSampleMode.Bilinear,
                GridSamplePaddingMode.Reflection, align_corners: true).squeeze(0);
            var labelGrid = labelExtent.SequenceEqual(imageExtent) ? imageGrid : LabelWindowGrid(imageGrid, imageExtent, labelExtent);
            augmentedLabels = ResampleLabels(labels, labelGrid.unsqueeze(0), Unlabeled);
        }
        else
        {
            augmentedImage = image.clone();
            augmentedLabels = labels.clone();
        }

        if (Settings.GrayValue) ChangeGrayValues(augmentedImage, random);
        return (augmentedImage.MoveToOuterDisposeScope(), augmentedLabels.MoveToOuterDisposeScope());
    }

    /// <summary>
    /// For every output voxel, where to read in the input: [*S, D] in grid_sample's normalised coordinates
    /// (align_corners = true: the corner voxel centres are ±1), last axis in its (x, y[, z]) order. The source is
    /// centre + A (p − centre) + elastic displacement(p) with A = rotation / zoom. The affine part and the
    /// normalisation are linear, and cubic B-splines reproduce linear functions exactly, so both are folded into
    /// the control points: one separable upsampling then writes the finished grid in a single pass.
    /// </summary>
    private Tensor SamplingGrid(int[] extent, Random random, Device device)
    {
        var dims = extent.Length;
        var linear = SamplingMatrix(dims, random);
        // The spline still carries the affine part when the elastic deformation is off.
        var spacing = Settings.ElasticGridSpacing;
        var positions = extent.Select(e => CubicBSplineUpsampling.ControlPointPositions(e, spacing)).ToArray();
        var counts = positions.Select(p => p.Length).ToArray();
        var perVoxel = extent.Select(e => 2.0 / Math.Max(e - 1, 1)).ToArray();

        var controlPoints = new float[dims * counts.Aggregate(1, (product, count) => product * count)];
        var index = new int[dims];
        for (var point = 0; point < controlPoints.Length / dims; point++)
        {
            // Row-major over the control grid, last axis fastest.
            for (int axis = dims - 1, rest = point; axis >= 0; axis--)
            {
                index[axis] = rest % counts[axis];
                rest /= counts[axis];
            }
            for (var component = 0; component < dims; component++)
            {
                var axis = dims - 1 - component;
                var source = Settings.Elastic ? Settings.ElasticSigma * StandardNormal(random) : 0.0;
                for (var along = 0; along < dims; along++) source += linear[axis, along] * positions[along][index[along]];
                controlPoints[point * dims + component] = (float)(source * perVoxel[axis]);
            }
        }
        using var control = tensor(controlPoints, [.. counts.Select(c => (long)c), dims], device: device);
        return CubicBSplineUpsampling.Upsample(control, extent, spacing);
    }

    /// <summary>The linear part of the sampling map in (Z, Y, X) or (Y, X) order: rotation divided by the zoom.</summary>
    private double[,] SamplingMatrix(int dims, Random random)
    {
        var matrix = Identity(dims);
        if (Settings.Rotation)
        {
            var inPlane = Uniform(random, -Settings.MaxRotationDegrees, Settings.MaxRotationDegrees);
            // The in-plane rotation is the last two axes (Y, X) in both 2D and 3D.
            matrix = Multiply(matrix, PlaneRotation(dims, dims - 2, dims - 1, inPlane));
            if (dims == 3 && Settings.MaxTiltDegrees > 0)
            {
                var aboutX = Uniform(random, -Settings.MaxTiltDegrees, Settings.MaxTiltDegrees);
                var aboutY = Uniform(random, -Settings.MaxTiltDegrees, Settings.MaxTiltDegrees);
                matrix = Multiply(matrix, PlaneRotation(dims, 0, 1, aboutX));
                matrix = Multiply(matrix, PlaneRotation(dims, 0, 2, aboutY));
            }
        }
        if (Settings.Scaling)
        {
            var zoom = Uniform(random, Settings.MinScale, Settings.MaxScale);
            for (var i = 0; i < dims; i++)
                for (var j = 0; j < dims; j++)
                    matrix[i, j] /= zoom;
        }
        return matrix;
    }

    /// <summary>
    /// The image grid cropped to the label window and renormalised to it. The window's centre sits half a voxel
    /// off the tile centre when its margins differ by one.
    /// </summary>
    private static Tensor LabelWindowGrid(Tensor imageGrid, int[] imageExtent, int[] labelExtent)
    {
        var dims = imageExtent.Length;
        var window = imageGrid;
        var rescale = new float[dims];
        var shift = new float[dims];
        for (var axis = 0; axis < dims; axis++)
        {
            var start = (imageExtent[axis] - labelExtent[axis]) / 2;
            window = window.narrow(axis, start, labelExtent[axis]);
            var imageHalf = Math.Max(imageExtent[axis] - 1, 1) / 2.0;
            var labelHalf = Math.Max(labelExtent[axis] - 1, 1) / 2.0;
            var component = dims - 1 - axis;
            rescale[component] = (float)(imageHalf / labelHalf);
            shift[component] = (float)(((imageExtent[axis] - labelExtent[axis]) / 2.0 - start) / labelHalf);
        }
        return (window * tensor(rescale, device: imageGrid.device).to_type(imageGrid.dtype))
            .add(tensor(shift, device: imageGrid.device).to_type(imageGrid.dtype), HeldScalars.One);
    }

    private static Tensor ResampleLabels(Tensor labels, Tensor grid, byte unlabeled)
    {
        // Sampling label − unlabeled makes grid_sample's zero padding read back as unlabeled. Explicit scalars, as
        // implicit ones may be finalized mid-call (HeldScalars).
        using Scalar offset = (int)unlabeled;
        var relative = labels.to_type(grid.dtype).sub_(offset).unsqueeze(0).unsqueeze(0);
        var sampled = grid_sample(relative, grid, GridSampleMode.Nearest, GridSamplePaddingMode.Zeros, align_corners: true);
        // Nearest sampling copies exact small integers, so the conversion back needs no rounding.
        return sampled.squeeze(0).squeeze(0).add_(offset, HeldScalars.One).to_type(labels.dtype);
    }

    private void ChangeGrayValues(Tensor image, Random random)
    {
        var channels = (int)image.shape[0];
        var gains = new float[channels];
        var shifts = new float[channels];
        for (var c = 0; c < channels; c++)
        {
            gains[c] = (float)Uniform(random, Settings.MinGain, Settings.MaxGain);
            shifts[c] = (float)Uniform(random, -Settings.MaxOffset, Settings.MaxOffset);
        }
        var perChannel = new long[image.dim()];
        Array.Fill(perChannel, 1L);
        perChannel[0] = channels;
        image.mul_(tensor(gains, perChannel, device: image.device).to_type(image.dtype))
            .add_(tensor(shifts, perChannel, device: image.device).to_type(image.dtype), HeldScalars.One);
    }

    private static void CheckInputs(Tensor image, Tensor labels)
    {
        if (image.dim() is not (3 or 4))
            throw new ArgumentException($"The image must be [C, Y, X] or [C, Z, Y, X], not [{string.Join(", ", image.shape)}].", nameof(image));
        if (!image.is_floating_point())
            throw new ArgumentException($"The image must be floating point, not {image.dtype}.", nameof(image));
        if (labels.dim() != image.dim() - 1)
            throw new ArgumentException($"Labels [{string.Join(", ", labels.shape)}] need the image's {image.dim() - 1} spatial dimensions.", nameof(labels));
        if (!IntegerLabelTypes.Contains(labels.dtype))
            throw new ArgumentException($"Labels must be integers, not {labels.dtype}.", nameof(labels));
        if (image.shape[0] < 1 || image.shape.Skip(1).Any(e => e < 2))
            throw new ArgumentException($"The image needs a channel and at least 2 voxels per axis, not [{string.Join(", ", image.shape)}].", nameof(image));
        // grid_sample maps every coordinate of a 1-voxel axis to that voxel, so "outside" would not exist there.
        for (var axis = 0; axis < labels.dim(); axis++)
            if (labels.shape[axis] < 2 || labels.shape[axis] > image.shape[axis + 1])
                throw new ArgumentException($"Labels [{string.Join(", ", labels.shape)}] need at least 2 voxels per axis and must fit inside the image's spatial extent [{string.Join(", ", image.shape.Skip(1))}].", nameof(labels));
        if (image.device_type != labels.device_type || image.device_index != labels.device_index)
            throw new ArgumentException($"Image ({image.device}) and labels ({labels.device}) must be on one device.", nameof(labels));
    }

    private static double Uniform(Random random, double min, double max) => min + (max - min) * random.NextDouble();

    /// <summary>Box–Muller; <see cref="Random"/> has no normal draw of its own.</summary>
    private static double StandardNormal(Random random)
    {
        var u = 1 - random.NextDouble();
        var v = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * v);
    }

    private static double[,] Identity(int dims)
    {
        var matrix = new double[dims, dims];
        for (var i = 0; i < dims; i++) matrix[i, i] = 1;
        return matrix;
    }

    /// <summary>Rotation by <paramref name="degrees"/> in the plane of axes <paramref name="first"/> and <paramref name="second"/>.</summary>
    private static double[,] PlaneRotation(int dims, int first, int second, double degrees)
    {
        var radians = degrees * Math.PI / 180;
        var matrix = Identity(dims);
        matrix[first, first] = Math.Cos(radians);
        matrix[first, second] = -Math.Sin(radians);
        matrix[second, first] = Math.Sin(radians);
        matrix[second, second] = Math.Cos(radians);
        return matrix;
    }

    private static double[,] Multiply(double[,] left, double[,] right)
    {
        var dims = left.GetLength(0);
        var product = new double[dims, dims];
        for (var i = 0; i < dims; i++)
            for (var j = 0; j < dims; j++)
                for (var k = 0; k < dims; k++)
                    product[i, j] += left[i, k] * right[k, j];
        return product;
    }
}
