using TorchSharp;
using UNet3D.Lab.Experiments.Losses;
using static TorchSharp.torch;

namespace UNet3D.Lab.Experiments.Tests;

// Inside the namespace, so that UNet3D means the model class, not the root namespace.
using UNet3D.Lab.Experiments.Models;

/// <summary>
/// One training step's gradients of whole networks against the same network in float64, on the CPU that runs the
/// tests: whichever kernels libtorch picks here for the training layers, none may compute a wrong gradient.
/// </summary>
public sealed class NetworkGradientTests
{
    /// <summary>
    /// Whole networks in float32 drift further from float64 than one layer (a max-pooling or ReLU decision that flips
    /// moves a gradient to another voxel): up to 0.5% of a tensor's largest value at the paper's widths, also with
    /// oneDNN's reference kernels. The wrong kernels this guards against were off by 15–45% or NaN.
    /// </summary>
    private const double NetworkTolerance = 1e-2;

    public static TheoryData<string, int, int, int, bool, int[]> Networks => new()
    {
        // The smoke and cpu presets' network (2 levels, 8 base channels, 36³ tiles), with and without BatchNorm.
        { "cpu 3D", 3, 8, 2, true, [36, 36, 36] },
        { "cpu 3D without BN", 3, 8, 2, false, [36, 36, 36] },
        { "cpu 2D", 2, 8, 2, true, [36, 36] },
        // The paper's 2D network on its tile, and the paper's channel widths (32 base channels) in 3D at two levels:
        // its four levels need 92³ tiles or more, too slow in float64 for a unit test. At 36³ the head's input
        // (64 channels, 20³) is above PyTorch's native-path limit, as it is on the paper's tile.
        { "paper 2D", 2, 32, 4, true, [132, 132] },
        { "paper widths 3D", 3, 32, 2, true, [36, 36, 36] },
    };

    [Theory]
    [MemberData(nameof(Networks))]
    public void Training_step_gradients_equal_those_of_the_float64_network(string network, int dimensions, int baseChannels, int levels, bool batchNorm, int[] tile)
    {
        Assert.NotEmpty(network);
        using var scope = NewDisposeScope();
        var config = new UNetConfig(dimensions, InputChannels: 3, Classes: 3, baseChannels, levels, batchNorm);
        using var model = UNetFactory.Create(config);
        using var reference = UNetFactory.Create(config);
        WeightInitialisation.Apply(model, seed: 3);
        reference.load_state_dict(model.state_dict());
        reference.to(float64);
        model.train();
        reference.train();

        var generator = new Generator(11);
        long[] inputShape = [1, 3, .. tile.Select(s => (long)s)];
        var input = randn(inputShape, generator: generator);
        long[] outputShape = [1, .. model.Geometry.OutputShape(tile).Select(s => (long)s)];
        // Labels 0..2 and 3 (not annotated), as sparse training tiles have.
        var labels = randint(0, 4, outputShape, generator: generator);
        var loss = new WeightedSoftmaxCrossEntropy([1f, 2f, 0.5f]);

        var modelInput = input.clone().requires_grad_(true);
        var referenceInput = input.to(float64).requires_grad_(true);
        var value = loss.Compute(model.forward(modelInput), labels);
        var referenceValue = loss.Compute(reference.forward(referenceInput), labels);
        value.backward();
        referenceValue.backward();

        GradientAssert.Close("loss", referenceValue, value);
        var referenceParameters = reference.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        foreach (var (name, parameter) in model.named_parameters())
        {
            // BatchNorm subtracts the mean, so the bias of the convolution before it has a true gradient of zero;
            // both sides hold only rounding noise there.
            if (batchNorm && (name.EndsWith(".conv1.bias", StringComparison.Ordinal) || name.EndsWith(".conv2.bias", StringComparison.Ordinal))) continue;
            GradientAssert.Close($"{name} gradient", referenceParameters[name].grad!, parameter.grad!, relativeTolerance: NetworkTolerance);
        }
        GradientAssert.Close("input gradient", referenceInput.grad!, modelInput.grad!, relativeTolerance: NetworkTolerance);
    }
}
