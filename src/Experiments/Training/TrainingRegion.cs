using UNet3D.Lab.Experiments.Inference;
using static TorchSharp.torch;

namespace UNet3D.Lab.Experiments.Training;

/// <summary>
/// An image (a volume for the 3D model, an annotated plane for the 2D model) prepared once for tile sampling:
/// mirror-padded so every output tile has its full input context, and labels padded the same way with
/// "unlabeled", so that an input window of the image and of the labels share coordinates (augmentation deforms
/// both together before the labels are cut to the output window).
/// </summary>
internal sealed class TrainingRegion : IDisposable
{
    private TrainingRegion(string name, int[] extent, Tensor paddedImage, Tensor paddedLabels, int[] labeledPositions)
    {
        Name = name;
        Extent = extent;
        PaddedImage = paddedImage;
        PaddedLabels = paddedLabels;
        LabeledPositions = labeledPositions;
    }

    public string Name { get; }
    public int[] Extent { get; }
    public Tensor PaddedImage { get; }
    public Tensor PaddedLabels { get; }

    /// <summary>Flat indices (row-major over <see cref="Extent"/>) of the labelled voxels.</summary>
    public int[] LabeledPositions { get; }

    /// <param name="image">[C, *spatial] on the training device.</param>
    /// <param name="labels">[*spatial] uint8 on the CPU.</param>
    /// <param name="unlabeled">The label of voxels nobody annotated, also given to the mirrored margin.</param>
    public static TrainingRegion Create(string name, Tensor image, Tensor labels, int[] tileInput, int[] tileOutput, Device device,
        byte unlabeled = SegmentationLabels.Unlabeled)
    {
        using var scope = NewDisposeScope();
        var dims = tileInput.Length;
        var extent = Enumerable.Range(0, dims).Select(a => (int)labels.shape[a]).ToArray();
        var margin = Enumerable.Range(0, dims).Select(a => (tileInput[a] - tileOutput[a]) / 2).ToArray();
        var shortfall = Enumerable.Range(0, dims).Select(a => Math.Max(0, tileOutput[a] - extent[a])).ToArray();

        var paddedImage = MirrorPadding.Pad(image, 1, margin, margin.Select((m, a) => m + shortfall[a]).ToArray());
        var paddedShape = extent.Select((e, a) => (long)(e + 2 * margin[a] + shortfall[a])).ToArray();
        var paddedLabels = full(paddedShape, (long)unlabeled, dtype: ScalarType.Int64);
        var view = paddedLabels;
        for (var a = 0; a < dims; a++) view = view.narrow(a, margin[a], extent[a]);
        view.copy_(labels.to_type(ScalarType.Int64));

        var flat = labels.flatten().data<byte>().ToArray();
        var positions = new List<int>();
        for (var i = 0; i < flat.Length; i++)
            if (flat[i] != unlabeled) positions.Add(i);

        // Regions outlive the caller's dispose scope; Dispose releases them.
        return new TrainingRegion(name, extent, paddedImage.to(device).DetachFromDisposeScope(),
            paddedLabels.to(device).DetachFromDisposeScope(), positions.ToArray());
    }

    public void Dispose()
    {
        PaddedImage.Dispose();
        PaddedLabels.Dispose();
    }
}
