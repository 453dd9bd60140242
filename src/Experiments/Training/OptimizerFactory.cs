using TorchSharp.Modules;

namespace UNet3D.Lab.Experiments.Training;

/// <summary>The optimisers the lab trains with, for the trainer and the step benchmarks alike.</summary>
public static class OptimizerFactory
{
    public static OptimizerHelper Create(OptimizerKind kind, IEnumerable<Parameter> parameters, double learningRate, double momentum) => kind switch
    {
        OptimizerKind.Sgd => new GcSafeSgd(parameters, learningRate, momentum),
        OptimizerKind.Adam => new GcSafeAdam(parameters, learningRate),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown optimizer."),
    };
}
