using UNet3D.Lab.Experiments.Inference;
using static TorchSharp.torch;

namespace UNet3D.Lab.Experiments.Tests;

// Inside the namespace, so that UNet3D means the model class, not the root namespace.
using UNet3D.Lab.Experiments.Models;

public sealed class InferenceTilePlannerTests
{
    private static readonly UNetConfig Paper = UNetConfig.Paper(batchNorm: true);

    [Fact]
    public void Paper_network_covers_the_first_sample_with_far_fewer_input_voxels_than_its_training_tile()
    {
        int[] extent = [64, 244, 248];
        var budget = 4L << 30;
        var tile = InferenceTilePlanner.Plan(Paper, extent, budget);

        var geometry = new UNetGeometry(Paper.Levels);
        Assert.All(tile, size => Assert.True(geometry.IsValidInput(size), $"{size} is not a valid input"));
        Assert.True(InferenceTilePlanner.PeakBytes(Paper, tile) <= budget);
        // The paper's tile: 3 × 6 × 6 = 108 tiles of 116 × 132 × 132.
        var trainingTileWork = 108.0 * 116 * 132 * 132;
        Assert.True(Work(tile, extent) * 4 < trainingTileWork, $"tile {string.Join("×", tile)} needs {Work(tile, extent):E2} input voxels against {trainingTileWork:E2}");
    }

    [Fact]
    public void A_budget_too_small_for_any_tile_falls_back_to_the_smallest_valid_tile()
    {
        var tile = InferenceTilePlanner.Plan(Paper, [64, 244, 248], budgetBytes: 1);
        var smallest = new UNetGeometry(Paper.Levels).SmallestValidInputAtLeast(1);
        Assert.Equal([smallest, smallest, smallest], tile);
    }

    [Fact]
    public void Estimated_peak_grows_with_the_tile_and_a_larger_budget_never_means_more_work()
    {
        Assert.True(InferenceTilePlanner.PeakBytes(Paper, [124, 140, 140]) > InferenceTilePlanner.PeakBytes(Paper, [116, 132, 132]));
        int[] extent = [64, 244, 248];
        var previous = double.MaxValue;
        foreach (var gib in new[] { 0.5, 1, 2, 4, 8 })
        {
            var tile = InferenceTilePlanner.Plan(Paper, extent, (long)(gib * (1L << 30)));
            var work = Work(tile, extent);
            Assert.True(work <= previous, $"{gib} GiB: {work:E2} input voxels, more than the smaller budget's {previous:E2}");
            previous = work;
        }
    }

    [Fact]
    public void Planned_prediction_with_folded_batch_norm_matches_the_fixed_tile_prediction_of_the_unfolded_model()
    {
        random.manual_seed(5);
        using var model = new UNet3D(new UNetConfig(3, 2, 3, BaseChannels: 2, Levels: 2, BatchNorm: true));
        model.eval();
        using (no_grad())
        {
            foreach (var (name, buffer) in model.named_buffers())
                if (name.EndsWith("running_mean", StringComparison.Ordinal)) buffer.copy_(randn_like(buffer) * 0.5);
        }
        using var volume = randn([2, 13, 37, 41]);

        using var reference = new OverlapTileInference(model, [28, 28, 28]).PredictProbabilities(volume);
        var predictor = VolumePredictor.WithinBudget(model, budgetBytes: 64L << 20);
        using var planned = predictor.PredictProbabilities(volume);

        Assert.NotEqual([28, 28, 28], predictor.TileFor(volume.shape));
        Assert.True(model.training is false && model.named_buffers().Any(b => b.name.EndsWith("running_mean", StringComparison.Ordinal)), "the model itself keeps its BatchNorm");
        Assert.True(reference.allclose(planned, rtol: 1e-4, atol: 1e-5), $"largest probability difference {(reference - planned).abs().max().item<float>()}");
        Assert.True(reference.argmax(0).eq(planned.argmax(0)).all().item<bool>(), "label maps differ");
    }

    private static double Work(int[] tile, int[] extent)
    {
        var geometry = new UNetGeometry(Paper.Levels);
        var work = 1.0;
        for (var axis = 0; axis < tile.Length; axis++)
            work *= Math.Ceiling(extent[axis] / (double)geometry.OutputSize(tile[axis])) * tile[axis];
        return work;
    }
}
