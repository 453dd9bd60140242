namespace UNet3D.Lab.Experiments.Training;

public enum OptimizerKind
{
    /// <summary>Stochastic gradient descent with momentum, as the paper's Caffe setup.</summary>
    Sgd,

    /// <summary>Adam: converges in fewer steps, which the small CPU presets need.</summary>
    Adam,
}
