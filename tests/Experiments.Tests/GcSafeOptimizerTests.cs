using TorchSharp;
using TorchSharp.Modules;
using UNet3D.Lab.Experiments.Training;
using static TorchSharp.torch;

namespace UNet3D.Lab.Experiments.Tests;

/// <summary>
/// The lab's Adam and SGD: TorchSharp's arithmetic to the bit, and no number handed to libtorch is finalized while
/// libtorch still reads it, however often the garbage collector runs on other threads.
/// </summary>
public sealed class GcSafeOptimizerTests
{
    [Fact]
    public void Adam_takes_the_same_steps_as_TorchSharps_Adam_to_the_bit()
    {
        var (ours, theirs) = (Parameters(seed: 3), Parameters(seed: 3));
        using var lab = new GcSafeAdam(ours, 0.01);
        using var reference = optim.Adam(theirs, 0.01);
        Steps(lab, ours, reference, theirs, steps: 25);
        AssertSame(ours, theirs, initial: Parameters(seed: 3));
    }

    [Fact]
    public void Sgd_with_momentum_takes_the_same_steps_as_TorchSharps_SGD_to_the_bit()
    {
        var (ours, theirs) = (Parameters(seed: 4), Parameters(seed: 4));
        using var lab = new GcSafeSgd(ours, 0.05, 0.99);
        using var reference = optim.SGD(theirs, 0.05, 0.99);
        Steps(lab, ours, reference, theirs, steps: 25);
        AssertSame(ours, theirs, initial: Parameters(seed: 4));
    }

    [Fact]
    public void A_changed_learning_rate_applies_to_the_next_step()
    {
        var (ours, theirs) = (Parameters(seed: 5), Parameters(seed: 5));
        using var lab = new GcSafeAdam(ours, 0.01);
        using var reference = optim.Adam(theirs, 0.01);
        foreach (var group in lab.ParamGroups) group.LearningRate = 0.002;
        foreach (var group in reference.ParamGroups) group.LearningRate = 0.002;
        Steps(lab, ours, reference, theirs, steps: 3);
        AssertSame(ours, theirs, initial: Parameters(seed: 5));
    }

    [Theory]
    [InlineData(OptimizerKind.Adam)]
    [InlineData(OptimizerKind.Sgd)]
    public void Steps_survive_collections_on_another_thread(OptimizerKind kind)
    {
        // Before, a collection between reading a Scalar's handle and libtorch's use of it ended a run with "Unknown
        // scalar type" (two networks training in one process made that likely); here collections never stop.
        var parameters = Parameters(seed: 6, count: 64);
        using var optimizer = OptimizerFactory.Create(kind, parameters, 0.001, 0.9);
        using (new CollectingThread())
        {
            for (var step = 0; step < 1500; step++)
            {
                using var scope = NewDisposeScope();
                SetGradients(parameters, step);
                optimizer.step();
            }
        }
        Assert.All(parameters, p => Assert.True(isfinite(p).all().item<bool>()));
    }

    private static Parameter[] Parameters(int seed, int count = 6)
    {
        var generator = new Generator((ulong)seed);
        return Enumerable.Range(0, count).Select(i => new Parameter(randn([3, 4 + i % 3], generator: generator))).ToArray();
    }

    private static void SetGradients(Parameter[] parameters, int step)
    {
        using var _ = no_grad();
        var generator = new Generator((ulong)(1000 + step));
        foreach (var p in parameters)
        {
            using var gradient = randn(p.shape, generator: generator);
            p.grad = gradient.clone();
        }
    }

    private static void Steps(OptimizerHelper lab, Parameter[] ours, OptimizerHelper reference, Parameter[] theirs, int steps)
    {
        for (var step = 0; step < steps; step++)
        {
            using var scope = NewDisposeScope();
            SetGradients(ours, step);
            SetGradients(theirs, step);
            lab.step();
            reference.step();
        }
    }

    private static void AssertSame(Parameter[] ours, Parameter[] theirs, Parameter[] initial)
    {
        Assert.All(ours.Zip(theirs), pair => Assert.True(pair.First.allclose(pair.Second, rtol: 0, atol: 0), "parameters differ after the same steps"));
        Assert.All(ours.Zip(initial), pair => Assert.False(pair.First.allclose(pair.Second, rtol: 0, atol: 0), "the steps changed nothing"));
    }
}
