using TorchSharp;
using UNet3D.Lab.Experiments.Inference;
using static TorchSharp.torch;

namespace UNet3D.Lab.Experiments.Tests;

// Inside the namespace, so that UNet3D means the model class, not the root namespace.
using UNet3D.Lab.Experiments.Models;

public sealed class BatchStatisticsInferenceTests
{
    [Fact]
    public void Batch_statistics_change_the_prediction_but_not_the_running_statistics()
    {
        random.manual_seed(8);
        using var model = new UNet3D(new UNetConfig(3, 2, 3, BaseChannels: 2, Levels: 2, BatchNorm: true));
        using var volume = randn([2, 14, 14, 14]) * 3 + 1;
        var before = model.named_buffers().ToDictionary(b => b.name, b => b.buffer.clone());

        using var running = new VolumePredictor(model, [28, 28, 28]).PredictProbabilities(volume);
        using var batch = new VolumePredictor(model, [28, 28, 28], batchStatistics: true).PredictProbabilities(volume);

        Assert.False(running.allclose(batch), "batch statistics made no difference");
        foreach (var (name, buffer) in model.named_buffers())
            Assert.True(buffer.eq(before[name]).all().item<bool>(), $"buffer {name} changed");
        Assert.False(model.training);
        Assert.All(model.modules(), m => Assert.False(m.training));
    }
}
