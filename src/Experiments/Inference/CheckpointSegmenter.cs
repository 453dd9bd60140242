using UNet3D.Lab.Experiments.Data.Formats;
using UNet3D.Lab.Experiments.Models;
using UNet3D.Lab.Experiments.Training;
using static TorchSharp.torch;

namespace UNet3D.Lab.Experiments.Inference;

/// <summary>
/// Segments a NIfTI volume with a trained network from its checkpoint: the whole volume, any size, by
/// overlap-tiling; the label map (and, if asked, the class probabilities) keep the input's spacing, units, affine
/// and transform codes exactly, so they overlay the image in ITK-SNAP, 3D Slicer or Fiji.
/// </summary>
public sealed class CheckpointSegmenter(TrainingCheckpoint checkpoint, Device device)
{
    /// <param name="tileInput">Prediction tile (Z, Y, X) or (Y, X); null plans the tile from <see cref="InferenceTilePlanner.DefaultBudgetBytes"/>.</param>
    public SegmentationOutput Segment(NiftiImage input, string inputName, bool withProbabilities, IReadOnlyList<int>? tileInput = null, bool batchStatistics = false)
    {
        var config = checkpoint.Metadata.Model;
        if (input.Channels != config.InputChannels)
            throw new ArgumentException($"{inputName}: the volume has {input.Channels} channel(s) but the network in {Path.GetFileName(checkpoint.Path)} expects {config.InputChannels}.");
        for (long i = 0; i < input.Data.LongLength; i++)
        {
            if (!float.IsFinite(input.Data[i]))
                throw new ArgumentException($"{inputName}: voxel {i % input.VoxelsPerChannel} of channel {i / input.VoxelsPerChannel} is {input.Data[i]}; the network needs finite values.");
        }

        using var model = UNetFactory.Create(config);
        checkpoint.Restore(model, optimizer: null);
        model.to(device);
        var predictor = tileInput is null
            ? VolumePredictor.WithinBudget(model, InferenceTilePlanner.DefaultBudgetBytes, batchStatistics)
            : new VolumePredictor(model, tileInput, batchStatistics);

        using var scope = NewDisposeScope();
        var image = tensor(VolumeNormalisation.StandardiseChannels(input.Data, input.Channels), [input.Channels, input.Z, input.Y, input.X]).to(device);
        var probabilities = predictor.PredictProbabilities(image).cpu();
        var labels = probabilities.argmax(0).to_type(ScalarType.Byte).flatten().data<byte>().ToArray();

        var counts = new long[config.Classes];
        foreach (var label in labels) counts[label]++;
        // Same grid, same header geometry: xyzt_units, qform/sform and their codes, pixdim, bit for bit.
        var labelImage = input.WithVoxels(1, labels.Select(l => (float)l).ToArray(), NiftiDataType.UInt8,
            $"UNet3D.Lab labels: class index 0..{config.Classes - 1} per voxel");
        var probabilityImage = withProbabilities
            ? input.WithVoxels(config.Classes, probabilities.flatten().data<float>().ToArray(), NiftiDataType.Float32,
                "UNet3D.Lab class probabilities, one channel per label")
            : null;
        return new SegmentationOutput(labelImage, probabilityImage, counts);
    }
}
