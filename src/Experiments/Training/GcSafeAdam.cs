using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace UNet3D.Lab.Experiments.Training;

/// <summary>
/// TorchSharp's Adam, step for step the same arithmetic, with every <see cref="Scalar"/> held until its native call
/// has returned. TorchSharp 0.107's own step converts numbers to <see cref="Scalar"/> implicitly, and such a Scalar
/// is garbage as soon as its handle is read: a collection on another thread can finalize it while libtorch still reads
/// it ("Unknown scalar type", "toFloat"), which two networks training in one process made happen (docs/engine.md).
/// State, checkpoints and parameter groups are the base class's.
/// </summary>
public sealed class GcSafeAdam(IEnumerable<Parameter> parameters, double learningRate) : Adam(parameters, learningRate)
{
    public override Tensor step(Func<Tensor>? closure = null) => _step<ParamGroup>(group =>
    {
        var options = (Options)group.Options;
        var (beta1, beta2, eps) = (options.beta1!.Value, options.beta2!.Value, options.eps!.Value);
        if (options.weight_decay is not (null or 0) || options.amsgrad is true || options.maximize is true)
            throw new NotSupportedException("Weight decay, AMSGrad and maximize are not used by the lab's Adam.");
        using Scalar beta1Scalar = beta1, oneMinusBeta1 = 1 - beta1, beta2Scalar = beta2, oneMinusBeta2 = 1 - beta2, epsScalar = eps;
        var rate = options.LearningRate!.Value;
        foreach (var param in group.Parameters)
        {
            var state = (State)_state[param.Handle];
            using var grad = param.grad;
            if (grad is null) continue;
            state.step += 1;
            var biasCorrection1 = 1 - Math.Pow(beta1, state.step);
            var biasCorrection2 = 1 - Math.Pow(beta2, state.step);

            state.exp_avg.mul_(beta1Scalar).add_(grad, alpha: oneMinusBeta1);
            state.exp_avg_sq.mul_(beta2Scalar).addcmul_(grad, grad, value: oneMinusBeta2); // real gradients: conj(grad) is grad
            using Scalar rootCorrection2 = Math.Sqrt(biasCorrection2), stepSize = -(rate / biasCorrection1);
            using var root = state.exp_avg_sq.sqrt();
            using var denominator = root.div(rootCorrection2);
            denominator.add_(epsScalar, HeldScalars.One);
            param.addcdiv_(state.exp_avg, denominator, value: stepSize);
        }
    }, closure);
}
