using TorchSharp;

namespace UNet3D.Lab.Experiments;

/// <summary>
/// Scalars that live as long as the process. TorchSharp's one-argument <c>add</c>/<c>add_</c> (and the tensor
/// <c>+</c>) create their alpha of 1 as an implicit Scalar that a collection on another thread can finalize while
/// libtorch reads it; passing this one instead leaves nothing to finalize (docs/engine.md, "Scalars and the garbage
/// collector").
/// </summary>
public static class HeldScalars
{
    public static readonly Scalar One = 1;
}
