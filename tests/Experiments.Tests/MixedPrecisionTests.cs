using TorchSharp;
using UNet3D.Lab.Experiments.Inference;
using UNet3D.Lab.Experiments.Losses;
using UNet3D.Lab.Experiments.Training;
using static TorchSharp.torch;

namespace UNet3D.Lab.Experiments.Tests;

// Inside the namespace, so that UNet3D means the model class, not the root namespace.
using UNet3D.Lab.Experiments.Models;

/// <summary>
/// The autocast by hand (<see cref="Autocast"/>) against the same network in float32. bf16 keeps 8 significant bits
/// (a rounding error of up to 2⁻⁹ ≈ 0.2% per value); every convolution rounds its input, its weight and its output, so
/// after the ten or so layers of these networks the scores are within a few percent (1.4% measured). Gradients are
/// compared in L2 norm: without BatchNorm they stayed within 7% of it; train-mode BatchNorm's backward pass removes
/// the mean of the gradient it receives, which cancels most of it and magnifies bf16's rounding to up to 23% in the
/// first layers (fp16, three bits more: 7%). Whether each kernel is right is <see cref="OneDnnConvolutionTests"/>'
/// business (2% of float64 per layer); here, that the casts, float32 BatchNorm and float32 gradients fit together.
/// </summary>
public sealed class MixedPrecisionTests
{
    private const double Bf16ScoreTolerance = 0.05;
    private const double Bf16GradientNormTolerance = 0.2;
    private const double Bf16BatchNormGradientNormTolerance = 0.5;

    public static TheoryData<string, int, bool> Networks => new()
    {
        { "cpu 3D", 3, true },
        { "cpu 3D without BN", 3, false },
        { "cpu 2D", 2, true },
    };

    [Theory]
    [MemberData(nameof(Networks))]
    public void Bf16_forward_and_backward_equal_float32_within_bf16_tolerance(string network, int dimensions, bool batchNorm)
    {
        Assert.NotEmpty(network);
        using var scope = NewDisposeScope();
        var config = new UNetConfig(dimensions, InputChannels: 3, Classes: 3, BaseChannels: 8, Levels: 2, batchNorm);
        using var model = UNetFactory.Create(config);
        using var reference = UNetFactory.Create(config);
        WeightInitialisation.Apply(model, seed: 3);
        reference.load_state_dict(model.state_dict());
        model.train();
        reference.train();

        var generator = new Generator(11);
        int[] tile = dimensions == 3 ? [36, 36, 36] : [36, 36];
        var input = randn([1L, 3, .. tile.Select(s => (long)s)], generator: generator);
        var labels = randint(0, 4, [1L, .. model.Geometry.OutputShape(tile).Select(s => (long)s)], generator: generator);
        var loss = new WeightedSoftmaxCrossEntropy([1f, 2f, 0.5f]);

        var lowInput = input.clone().requires_grad_(true);
        var referenceInput = input.clone().requires_grad_(true);
        Tensor scores;
        using (Autocast.Enter(Precision.Bf16)) scores = model.forward(lowInput);
        var referenceScores = reference.forward(referenceInput);
        loss.Compute(scores, labels).backward();
        loss.Compute(referenceScores, labels).backward();

        Assert.Equal(ScalarType.Float32, scores.dtype);
        GradientAssert.Close("scores", referenceScores, scores, Bf16ScoreTolerance);
        // Honest bf16 is not float32: equal scores would mean nothing was computed in bf16.
        Assert.True((scores - referenceScores).abs().max().item<float>() > 0, "the bf16 scores are float32's bit for bit");
        var tolerance = batchNorm ? Bf16BatchNormGradientNormTolerance : Bf16GradientNormTolerance;
        var referenceParameters = reference.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        foreach (var (name, parameter) in model.named_parameters())
        {
            Assert.Equal(ScalarType.Float32, parameter.dtype);
            Assert.Equal(ScalarType.Float32, parameter.grad!.dtype);
            // The bias before BatchNorm has a true gradient of zero; both sides hold only rounding noise there.
            if (batchNorm && (name.EndsWith(".conv1.bias", StringComparison.Ordinal) || name.EndsWith(".conv2.bias", StringComparison.Ordinal))) continue;
            GradientAssert.CloseInNorm($"{name} gradient", referenceParameters[name].grad!, parameter.grad!, tolerance);
        }
        Assert.Equal(ScalarType.Float32, lowInput.grad!.dtype);
        GradientAssert.CloseInNorm("input gradient", referenceInput.grad!, lowInput.grad!, tolerance);
    }

    [Fact]
    public void The_scope_belongs_to_its_thread_and_restores_the_one_before()
    {
        Assert.Null(Autocast.ComputeType);
        using (Autocast.Enter(Precision.Bf16))
        {
            Assert.Equal(ScalarType.BFloat16, Autocast.ComputeType);
            ScalarType? elsewhere = ScalarType.Float64;
            var other = new Thread(() => elsewhere = Autocast.ComputeType);
            other.Start();
            other.Join();
            Assert.Null(elsewhere);
            using (Autocast.Enter(Precision.Fp32)) Assert.Null(Autocast.ComputeType);
            using (Autocast.Enter(Precision.Fp16)) Assert.Equal(ScalarType.Float16, Autocast.ComputeType);
            Assert.Equal(ScalarType.BFloat16, Autocast.ComputeType);
        }
        Assert.Null(Autocast.ComputeType);
    }

    [Fact]
    public void Bf16_inference_gives_float32_probabilities_close_to_fp32_whatever_the_tiling()
    {
        random.manual_seed(3);
        using var model = new UNet3D(new UNetConfig(3, 2, 3, BaseChannels: 4, Levels: 2, BatchNorm: true));
        using var volume = randn([2, 13, 17, 19]);

        using var single = new VolumePredictor(model, [28, 28, 28]).PredictProbabilities(volume);
        using var small = new VolumePredictor(model, [28, 28, 28], precision: Precision.Bf16).PredictProbabilities(volume);
        using var large = new VolumePredictor(model, [36, 28, 44], precision: Precision.Bf16).PredictProbabilities(volume);

        Assert.Equal(ScalarType.Float32, small.dtype);
        Assert.Equal([3L, 13, 17, 19], small.shape);
        GradientAssert.Close("bf16 probabilities", single, small, Bf16ScoreTolerance);
        Assert.True((small - single).abs().max().item<float>() > 0, "the bf16 probabilities are float32's bit for bit");
        // Each output voxel still sees exactly its receptive field; only bf16's rounding may differ between tilings.
        GradientAssert.Close("bf16 probabilities of another tiling", small, large, Bf16ScoreTolerance);
        using var sums = small.sum(dim: 0);
        Assert.True(sums.allclose(ones_like(sums), rtol: 1e-5, atol: 1e-5), $"sums range {sums.min().item<float>()}..{sums.max().item<float>()}");
    }

    [Fact]
    public void A_channels_last_copy_has_the_same_values_and_gives_the_same_scores_and_gradients()
    {
        using var scope = NewDisposeScope();
        random.manual_seed(5);
        var input = randn([1, 3, 36, 36, 36]);
        var copy = ChannelsLastLayout.Copy(input);
        Assert.True(ChannelsLastLayout.Is(copy));
        Assert.False(ChannelsLastLayout.Is(input));
        Assert.True(copy.eq(input).all().item<bool>());

        // What the network does with a channels-last input on CUDA, here on the CPU: the layout carries through every
        // layer (convolutions, BatchNorm, pooling, crops, concatenation) without changing a result beyond float32 rounding.
        using var model = UNetFactory.Create(new UNetConfig(3, 3, 3, BaseChannels: 8, Levels: 2, BatchNorm: true));
        using var reference = UNetFactory.Create(model.Config);
        WeightInitialisation.Apply(model, seed: 7);
        reference.load_state_dict(model.state_dict());
        model.train();
        reference.train();
        var scores = model.forward(copy);
        var referenceScores = reference.forward(input);
        GradientAssert.Close("scores", referenceScores, scores);
        scores.sum().backward();
        referenceScores.sum().backward();
        var referenceParameters = reference.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        foreach (var (name, parameter) in model.named_parameters())
        {
            if (name.EndsWith(".conv1.bias", StringComparison.Ordinal) || name.EndsWith(".conv2.bias", StringComparison.Ordinal)) continue;
            GradientAssert.Close($"{name} gradient", referenceParameters[name].grad!, parameter.grad!, relativeTolerance: 1e-3);
        }
    }
}
