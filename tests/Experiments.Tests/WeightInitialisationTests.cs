using TorchSharp;
using static TorchSharp.torch;

namespace UNet3D.Lab.Experiments.Tests;

// Inside the namespace, so that UNet3D means the model class, not the root namespace.
using UNet3D.Lab.Experiments.Models;

public sealed class WeightInitialisationTests
{
    [Fact]
    public void Same_seed_gives_the_same_weights_whatever_else_draws_from_libtorch()
    {
        var config = new UNetConfig(3, 3, 3, BaseChannels: 2, Levels: 2, BatchNorm: true);
        using var first = new UNet3D(config);
        WeightInitialisation.Apply(first, seed: 11);
        using (randn([1000])) { } // another thread's draw would do the same to the global generator
        using var second = new UNet3D(config);
        WeightInitialisation.Apply(second, seed: 11);

        foreach (var ((name, a), (_, b)) in first.named_parameters().Zip(second.named_parameters()))
            Assert.True(a.eq(b).all().item<bool>(), $"{name} differs");
    }

    [Fact]
    public void Convolution_weights_lie_within_the_kaiming_bound_and_batchnorm_starts_neutral()
    {
        using var model = new UNet3D(new UNetConfig(3, 3, 3, BaseChannels: 4, Levels: 2, BatchNorm: true));
        WeightInitialisation.Apply(model, seed: 3);
        foreach (var (name, parameter) in model.named_parameters())
        {
            if (name.Contains(".bn", StringComparison.Ordinal))
            {
                var neutral = name.EndsWith("weight", StringComparison.Ordinal) ? 1f : 0f;
                Assert.True(parameter.eq(neutral).all().item<bool>(), $"{name} is not {neutral}");
                continue;
            }
            if (parameter.dim() < 2) continue;
            var fanIn = parameter.shape[1] * parameter.shape.Skip(2).Aggregate(1L, (p, e) => p * e);
            Assert.True(parameter.abs().max().item<float>() <= 1 / Math.Sqrt(fanIn) + 1e-6, $"{name} exceeds its bound");
            Assert.True(parameter.std().item<float>() > 0.2 / Math.Sqrt(fanIn), $"{name} looks constant");
        }
    }
}
