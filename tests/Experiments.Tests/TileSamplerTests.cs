using TorchSharp;
using UNet3D.Lab.Experiments.Data;
using UNet3D.Lab.Experiments.Training;
using static TorchSharp.torch;

namespace UNet3D.Lab.Experiments.Tests;

public sealed class TileSamplerTests
{
    [Fact]
    public void Label_windows_line_up_with_the_centre_of_the_input_tile_and_always_hold_labels()
    {
        // Image channel 0 equals the label, so any misalignment between image and labels shows.
        var shape = new VolumeShape(10, 13, 17);
        var random = new Random(5);
        var dense = Enumerable.Range(0, (int)shape.VoxelCount).Select(_ => (byte)random.Next(3)).ToArray();
        var volume = new LabeledVolume("v", shape, 1, dense.Select(l => (float)l).ToArray(), dense);
        var annotation = SparseAnnotation.FromSliceCounts(volume, [1, 0, 1]);
        int[] tileInput = [28, 28, 28], tileOutput = [12, 12, 12];

        using var image = tensor(volume.Image, [1, shape.Z, shape.Y, shape.X]);
        using var labels = tensor(annotation.Labels, shape.ToTensorShape());
        using var region = TrainingRegion.Create("v", image, labels, tileInput, tileOutput, CPU);
        var sampler = new TileSampler([region], tileInput, tileOutput);

        for (var draw = 0; draw < 50; draw++)
        {
            using var scope = NewDisposeScope();
            var (input, target) = sampler.Next(new Random(draw));
            Assert.Equal([1L, 1, 28, 28, 28], input.shape);
            Assert.Equal([1L, 12, 12, 12], target.shape);
            var centre = input[0, 0].narrow(0, 8, 12).narrow(1, 8, 12).narrow(2, 8, 12);
            var labelled = target[0].ne(SegmentationLabels.Unlabeled);
            Assert.True(labelled.any().item<bool>(), "a tile without labelled voxels was drawn");
            Assert.True(centre.masked_select(labelled).eq(target[0].masked_select(labelled).to_type(ScalarType.Float32)).all().item<bool>(),
                "labels do not line up with the image");
        }
    }
}
