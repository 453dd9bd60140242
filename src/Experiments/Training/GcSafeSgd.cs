using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace UNet3D.Lab.Experiments.Training;

/// <summary>
/// TorchSharp's SGD with momentum, the same arithmetic, with every <see cref="Scalar"/> held until its native call has
/// returned (why: <see cref="GcSafeAdam"/>). State and checkpoints are the base class's.
/// </summary>
public sealed class GcSafeSgd(IEnumerable<Parameter> parameters, double learningRate, double momentum) : SGD(parameters, learningRate, momentum)
{
    public override Tensor step(Func<Tensor>? closure = null) => _step<ParamGroup>(group =>
    {
        var options = group.Options;
        var (momentum, dampening) = (options.momentum!.Value, options.dampening!.Value);
        if (options.weight_decay is not (null or 0) || options.nesterov is true || options.maximize is true)
            throw new NotSupportedException("Weight decay, Nesterov momentum and maximize are not used by the lab's SGD.");
        using Scalar momentumScalar = momentum, oneMinusDampening = 1 - dampening, negativeRate = -options.LearningRate!.Value;
        foreach (var param in group.Parameters)
        {
            var state = (State)_state[param.Handle];
            using var grad = param.grad;
            if (grad is null) continue;
            if (momentum == 0)
            {
                param.add_(grad, alpha: negativeRate);
                continue;
            }
            if (state.momentum_buffer is null)
                state.momentum_buffer = grad.clone().detach().DetachFromDisposeScope();
            else
                state.momentum_buffer.mul_(momentumScalar).add_(grad, alpha: oneMinusDampening);
            param.add_(state.momentum_buffer, alpha: negativeRate);
        }
    }, closure);
}
