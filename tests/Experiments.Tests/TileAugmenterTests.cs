using TorchSharp;
using UNet3D.Lab.Experiments.Augmentation;
using UNet3D.Lab.Experiments.Data;
using static TorchSharp.torch;

namespace UNet3D.Lab.Experiments.Tests;

public sealed class TileAugmenterTests
{
    private static readonly AugmentationSettings GeometryOnly = new() { GrayValue = false };

    /// <summary>A deformation strong enough to see on small tiles: control points 8 voxels apart.</summary>
    private static readonly AugmentationSettings StrongGeometry = GeometryOnly with { ElasticGridSpacing = 8 };

    [Fact]
    public void All_transforms_off_returns_exact_copies()
    {
        using var image = NoiseImage(new Random(1), 2, [24, 24, 24]);
        using var labels = BlobLabels([24, 24, 24]);
        var (augmentedImage, augmentedLabels) = new TileAugmenter(AugmentationSettings.None).Augment(image, labels, new Random(1));
        using (augmentedImage)
        using (augmentedLabels)
        {
            Assert.True(Identical(augmentedImage, image));
            Assert.True(Identical(augmentedLabels, labels));
            // New tensors: writing to the result leaves the input alone.
            augmentedImage.fill_(-1f);
            augmentedLabels.fill_(0L);
            Assert.NotEqual(-1f, image.max().item<float>());
            Assert.NotEqual(0L, labels.max().item<long>());
        }
    }

    [Theory]
    [InlineData(3)]
    [InlineData(2)]
    public void Zero_sigma_without_rotation_or_scaling_keeps_the_geometry(int dims)
    {
        long[] extent = dims == 3 ? [24, 20, 22] : [20, 22];
        var settings = new AugmentationSettings { ElasticSigma = 0, Rotation = false, Scaling = false, GrayValue = false };
        using var image = NoiseImage(new Random(2), 2, extent);
        using var labels = BlobLabels(extent);
        var (augmentedImage, augmentedLabels) = new TileAugmenter(settings).Augment(image, labels, new Random(2));
        using (augmentedImage)
        using (augmentedLabels)
        {
            Assert.True(Identical(augmentedLabels, labels));
            Assert.True(augmentedImage.allclose(image, rtol: 0, atol: 1e-4));
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Labels_stay_consistent_with_the_image_under_deformation(int seed)
    {
        long[] extent = [24, 24, 24];
        using var labels = BlobLabels(extent);
        using var image = labels.to_type(ScalarType.Float32).unsqueeze(0);
        var (augmentedImage, augmentedLabels) = new TileAugmenter(StrongGeometry).Augment(image, labels, new Random(seed));
        using (augmentedImage)
        using (augmentedLabels)
        {
            var matching = MatchingFraction(augmentedImage, augmentedLabels);
            Assert.True(matching >= 0.95, $"only {matching:P1} of the labelled voxels match the image");
            // Otherwise the check above would prove nothing.
            using var moved = augmentedLabels.ne(labels).sum();
            Assert.True(moved.item<long>() > 500, $"only {moved.item<long>()} voxels changed label");
        }
    }

    [Fact]
    public void Labels_stay_in_the_label_set_and_unlabeled_input_stays_unlabeled()
    {
        long[] extent = [24, 24, 24];
        var augmenter = new TileAugmenter(StrongGeometry with { MaxTiltDegrees = 10 });
        using var image = NoiseImage(new Random(3), 1, extent);
        using var blobs = BlobLabels(extent);
        var (blobImage, blobResult) = augmenter.Augment(image, blobs, new Random(3));
        using (blobImage)
        using (blobResult)
        {
            Assert.Equal(ScalarType.Int64, blobResult.dtype);
            using var values = blobResult.unique().Item1;
            Assert.Subset(new HashSet<long> { 0, 1, 2, 3 }, values.data<long>().ToHashSet());
        }

        using var nothing = full(extent, (long)SegmentationLabels.Unlabeled);
        var (_, nothingResult) = augmenter.Augment(image, nothing, new Random(3));
        using (nothingResult)
        {
            Assert.True(Identical(nothingResult, nothing));
        }
    }

    [Fact]
    public void Voxels_whose_source_lies_outside_the_tile_become_unlabeled()
    {
        // Zoom 0.5 reads voxel c + 2 (p − c); with 25 voxels (c = 12) the source is inside for p in 6..18.
        var settings = AugmentationSettings.None with { Scaling = true, MinScale = 0.5, MaxScale = 0.5 };
        long[] extent = [25, 25, 25];
        using var image = NoiseImage(new Random(4), 1, extent);
        using var labels = full(extent, (long)SegmentationLabels.Tubule);
        var (augmentedImage, augmentedLabels) = new TileAugmenter(settings).Augment(image, labels, new Random(4));
        using (augmentedImage)
        using (augmentedLabels)
        {
            using var expected = full(extent, (long)SegmentationLabels.Unlabeled);
            expected.narrow(0, 6, 13).narrow(1, 6, 13).narrow(2, 6, 13).fill_((long)SegmentationLabels.Tubule);
            Assert.True(Identical(augmentedLabels, expected));
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Default_rotation_turns_about_the_z_axis(int seed)
    {
        // Slabs along Z: a rotation in the (Y, X) plane keeps every labelled voxel's label.
        long[] extent = [12, 20, 20];
        var settings = AugmentationSettings.None with { Rotation = true, MaxRotationDegrees = 45 };
        using var labels = arange(extent[0]).remainder(3).reshape(extent[0], 1, 1).expand(extent).contiguous();
        using var image = NoiseImage(new Random(seed), 1, extent);
        var (augmentedImage, augmentedLabels) = new TileAugmenter(settings).Augment(image, labels, new Random(seed));
        using (augmentedImage)
        using (augmentedLabels)
        {
            using var labeled = augmentedLabels.ne((long)SegmentationLabels.Unlabeled);
            using var changed = augmentedLabels.ne(labels).logical_and(labeled).sum();
            Assert.Equal(0L, changed.item<long>());
            Assert.False(augmentedImage.allclose(image));
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Rotation_keeps_a_centred_disc_round_on_a_non_square_tile(int seed)
    {
        // Rotating in normalised instead of voxel coordinates would turn the disc into an ellipse.
        long[] extent = [25, 41];
        var values = new long[25 * 41];
        for (var y = 0; y < 25; y++)
            for (var x = 0; x < 41; x++)
                values[y * 41 + x] = Math.Sqrt((y - 12) * (y - 12) + (x - 20) * (x - 20)) < 8.5
                    ? SegmentationLabels.Tubule : SegmentationLabels.Background;
        using var labels = tensor(values, extent);
        using var image = NoiseImage(new Random(seed), 1, extent);
        var settings = AugmentationSettings.None with { Rotation = true, MaxRotationDegrees = 90 };
        var (augmentedImage, augmentedLabels) = new TileAugmenter(settings).Augment(image, labels, new Random(seed));
        using (augmentedImage)
        using (augmentedLabels)
        {
            using var labeled = augmentedLabels.ne((long)SegmentationLabels.Unlabeled);
            using var changed = augmentedLabels.ne(labels).logical_and(labeled).sum();
            // Only voxels on the rim (about 55) may flip through nearest-neighbour rounding.
            Assert.True(changed.item<long>() <= 30, $"{changed.item<long>()} voxels changed label");
            Assert.False(augmentedImage.allclose(image));
        }
    }

    [Fact]
    public void Same_seed_gives_the_same_tile_and_different_seeds_differ()
    {
        long[] extent = [24, 24, 24];
        var augmenter = new TileAugmenter(new AugmentationSettings { ElasticGridSpacing = 8 });
        using var image = NoiseImage(new Random(5), 2, extent);
        using var labels = BlobLabels(extent);
        var (imageA, labelsA) = augmenter.Augment(image, labels, new Random(11));
        var (imageB, labelsB) = augmenter.Augment(image, labels, new Random(11));
        var (imageC, labelsC) = augmenter.Augment(image, labels, new Random(12));
        using (imageA) using (labelsA) using (imageB) using (labelsB) using (imageC) using (labelsC)
        {
            Assert.True(Identical(imageA, imageB));
            Assert.True(Identical(labelsA, labelsB));
            Assert.False(imageA.allclose(imageC));
            Assert.False(Identical(labelsA, labelsC));
        }
    }

    [Fact]
    public void Two_dimensional_tiles_are_augmented_consistently()
    {
        long[] extent = [32, 32];
        using var labels = BlobLabels(extent);
        using var image = labels.to_type(ScalarType.Float32).unsqueeze(0).repeat(2, 1, 1);
        var (geometric, geometricLabels) = new TileAugmenter(StrongGeometry).Augment(image, labels, new Random(6));
        var (gray, grayLabels) = new TileAugmenter(new AugmentationSettings { ElasticGridSpacing = 8 }).Augment(image, labels, new Random(6));
        using (geometric) using (geometricLabels) using (gray) using (grayLabels)
        {
            Assert.Equal(image.shape, geometric.shape);
            Assert.Equal(labels.shape, geometricLabels.shape);
            var matching = MatchingFraction(geometric, geometricLabels);
            Assert.True(matching >= 0.95, $"only {matching:P1} of the labelled voxels match the image");
            Assert.True(Identical(grayLabels, geometricLabels));
            // Gray values change per channel after the shared resampling.
            Assert.False(gray.allclose(geometric));
            Assert.False(gray[0].allclose(gray[1]));
        }
    }

    [Theory]
    [InlineData(12)]
    [InlineData(11)]
    public void Labels_over_a_centred_window_match_the_full_tile(int window)
    {
        long[] extent = [24, 24, 24];
        var start = (24 - window) / 2;
        var augmenter = new TileAugmenter(StrongGeometry);
        using var image = NoiseImage(new Random(7), 1, extent);
        using var labels = BlobLabels(extent);
        using var windowLabels = labels.narrow(0, start, window).narrow(1, start, window).narrow(2, start, window).contiguous();
        var (fullImage, fullResult) = augmenter.Augment(image, labels, new Random(8));
        var (windowImage, windowResult) = augmenter.Augment(image, windowLabels, new Random(8));
        using (fullImage) using (fullResult) using (windowImage) using (windowResult)
        {
            Assert.Equal(windowLabels.shape, windowResult.shape);
            Assert.True(Identical(windowImage, fullImage));
            using var fullCrop = fullResult.narrow(0, start, window).narrow(1, start, window).narrow(2, start, window);
            using var labeled = windowResult.ne((long)SegmentationLabels.Unlabeled);
            using var disagreements = windowResult.ne(fullCrop).logical_and(labeled).sum();
            Assert.Equal(0L, disagreements.item<long>());
            // The window sees less, so its result has more unlabeled voxels, and some labelled ones.
            Assert.True(labeled.sum().item<long>() > window * window * window / 4);
        }
    }

    [Fact]
    public void Mismatched_inputs_are_rejected()
    {
        var augmenter = new TileAugmenter(new AugmentationSettings());
        using var image = zeros([1, 8, 8, 8]);
        using var tooLarge = zeros([9, 8, 8], ScalarType.Int64);
        using var floating = zeros([8, 8, 8]);
        using var flat = zeros([8, 8], ScalarType.Int64);
        Assert.Equal("labels", Assert.Throws<ArgumentException>(() => augmenter.Augment(image, tooLarge, new Random(1))).ParamName);
        Assert.Equal("labels", Assert.Throws<ArgumentException>(() => augmenter.Augment(image, floating, new Random(1))).ParamName);
        Assert.Equal("labels", Assert.Throws<ArgumentException>(() => augmenter.Augment(image, flat, new Random(1))).ParamName);
        using var sliver = zeros([1, 1, 8, 8]);
        using var sliverLabels = zeros([1, 8, 8], ScalarType.Int64);
        Assert.Equal("image", Assert.Throws<ArgumentException>(() => augmenter.Augment(sliver, sliverLabels, new Random(1))).ParamName);
    }

    private static bool Identical(Tensor left, Tensor right)
    {
        if (!left.shape.SequenceEqual(right.shape) || left.dtype != right.dtype) return false;
        using var same = left.eq(right).all();
        return same.item<bool>();
    }

    /// <summary>Of the voxels labelled in the output, the share whose rounded first image channel equals the label.</summary>
    private static double MatchingFraction(Tensor image, Tensor labels)
    {
        using var scope = NewDisposeScope();
        var labeled = labels.ne((long)SegmentationLabels.Unlabeled);
        var matching = image[0].round().to_type(ScalarType.Int64).eq(labels).logical_and(labeled);
        return matching.sum().item<long>() / (double)Math.Max(1, labeled.sum().item<long>());
    }

    /// <summary>
    /// Background with a tubule ball (shell 1, inside 0) off the centre, and an unlabeled slab along the first
    /// axis, so that neighbouring labels differ by one and interpolation rounds to one of them.
    /// </summary>
    private static Tensor BlobLabels(long[] extent)
    {
        var voxels = extent.Aggregate(1L, (product, e) => product * e);
        var values = new long[voxels];
        var radius = extent.Min() * 0.35;
        for (var i = 0L; i < voxels; i++)
        {
            var rest = i;
            var squared = 0.0;
            var first = 0L;
            for (var a = extent.Length - 1; a >= 0; a--)
            {
                var coordinate = rest % extent[a];
                rest /= extent[a];
                var offset = coordinate - extent[a] * 0.55;
                squared += offset * offset;
                if (a == 0) first = coordinate;
            }
            var distance = Math.Sqrt(squared);
            values[i] = first < 3 ? SegmentationLabels.Unlabeled
                : distance < radius * 0.5 ? SegmentationLabels.InsideTubule
                : distance < radius ? SegmentationLabels.Tubule
                : SegmentationLabels.Background;
        }
        return tensor(values, extent);
    }

    private static Tensor NoiseImage(Random random, int channels, long[] extent)
    {
        var values = new float[channels * extent.Aggregate(1L, (product, e) => product * e)];
        for (var i = 0; i < values.Length; i++) values[i] = (float)(random.NextDouble() * 2 - 1);
        return tensor(values, [channels, .. extent]);
    }
}
