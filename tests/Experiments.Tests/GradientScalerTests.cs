using TorchSharp;
using TorchSharp.Modules;
using UNet3D.Lab.Experiments.Training;
using static TorchSharp.torch;

namespace UNet3D.Lab.Experiments.Tests;

/// <summary>The loss scaler against PyTorch's GradScaler rules: 65536 to start, ×0.5 and a skipped step on an inf or
/// NaN gradient, ×2 after 2,000 successive finite steps, gradients unscaled before clipping.</summary>
public sealed class GradientScalerTests
{
    [Fact]
    public void An_inf_gradient_skips_the_step_and_halves_the_scale()
    {
        using var scope = NewDisposeScope();
        var parameter = new Parameter(tensor(new[] { 1f, 2f, 3f }));
        using var optimizer = new GcSafeSgd([parameter], learningRate: 0.1, momentum: 0.9);
        var scaler = new GradientScaler();
        var before = parameter.detach().clone();

        // d/dp of p·[1, inf, 1] is inf in the middle.
        var loss = (parameter * tensor(new[] { 1f, float.PositiveInfinity, 1f })).sum();
        Assert.False(OptimizerStep.Take(loss, [parameter], optimizer, clipNorm: 5, scaler));

        Assert.True(parameter.eq(before).all().item<bool>(), "the optimiser stepped on an inf gradient");
        Assert.Equal(new GradientScalerState(32768f, 0), scaler.State);
    }

    [Fact]
    public void A_nan_gradient_after_finite_steps_resets_the_growth_tracker()
    {
        var scaler = new GradientScaler(growthInterval: 10);
        for (var i = 0; i < 4; i++) scaler.Update(gradientsFinite: true);
        Assert.Equal(new GradientScalerState(65536f, 4), scaler.State);
        scaler.Update(gradientsFinite: false);
        Assert.Equal(new GradientScalerState(32768f, 0), scaler.State);
    }

    [Fact]
    public void Two_thousand_finite_steps_double_the_scale()
    {
        var scaler = new GradientScaler();
        Assert.Equal(GradientScaler.DefaultInitialScale, scaler.Scale);
        for (var i = 0; i < 1999; i++) scaler.Update(gradientsFinite: true);
        Assert.Equal(new GradientScalerState(65536f, 1999), scaler.State);
        scaler.Update(gradientsFinite: true);
        Assert.Equal(new GradientScalerState(131072f, 0), scaler.State);

        var fast = new GradientScaler(initialScale: 8, growthInterval: 3);
        for (var i = 0; i < 6; i++) fast.Update(gradientsFinite: true);
        Assert.Equal(32f, fast.Scale);
    }

    [Fact]
    public void Unscaled_gradients_and_the_step_equal_those_without_scaling()
    {
        using var scope = NewDisposeScope();
        var generator = new Generator(3);
        var input = randn([16, 8], generator: generator);
        var weights = randn([8, 4], generator: generator);
        var scaled = new Parameter(weights.clone());
        var plain = new Parameter(weights.clone());
        using var scaledOptimizer = new GcSafeAdam([scaled], learningRate: 0.01);
        using var plainOptimizer = new GcSafeAdam([plain], learningRate: 0.01);
        var scaler = new GradientScaler();

        Assert.True(OptimizerStep.Take(input.matmul(scaled).square().mean(), [scaled], scaledOptimizer, clipNorm: 0.5, scaler));
        Assert.True(OptimizerStep.Take(input.matmul(plain).square().mean(), [plain], plainOptimizer, clipNorm: 0.5, scaler: null));

        // The scale is a power of two: multiplying by it and by its inverse is exact, so nothing differs at all.
        Assert.True(scaled.grad!.eq(plain.grad!).all().item<bool>(), "unscaled gradients differ from the unscaled reference");
        Assert.True(scaled.eq(plain).all().item<bool>(), "the step on unscaled gradients differs from the reference step");
        Assert.Equal(new GradientScalerState(65536f, 1), scaler.State);
    }

    [Fact]
    public void A_state_the_scaler_cannot_reach_is_refused()
    {
        var scaler = new GradientScaler(growthInterval: 5);
        scaler.Restore(new GradientScalerState(1024f, 4));
        Assert.Equal(new GradientScalerState(1024f, 4), scaler.State);
        Assert.Throws<ArgumentException>(() => scaler.Restore(new GradientScalerState(float.NaN, 0)));
        Assert.Throws<ArgumentException>(() => scaler.Restore(new GradientScalerState(1024f, 5)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new GradientScaler(initialScale: 0));
    }
}
