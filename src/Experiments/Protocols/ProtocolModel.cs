using UNet3D.Lab.Experiments.Runs;

namespace UNet3D.Lab.Experiments.Protocols;

/// <summary>A model column of Tables 1 and 3: 3D without BN, 3D with BN, 2D with BN.</summary>
public sealed record ProtocolModel(string Label, string Key, ModelKind Model, bool BatchNorm)
{
    public static readonly ProtocolModel ThreeDWithoutBatchNorm = new("3D w/o BN", "3d-nobn", ModelKind.ThreeD, false);
    public static readonly ProtocolModel ThreeDWithBatchNorm = new("3D with BN", "3d-bn", ModelKind.ThreeD, true);
    public static readonly ProtocolModel TwoDWithBatchNorm = new("2D with BN", "2d-bn", ModelKind.TwoD, true);

    /// <summary>The paper's column order.</summary>
    public static IReadOnlyList<ProtocolModel> All { get; } = [ThreeDWithoutBatchNorm, ThreeDWithBatchNorm, TwoDWithBatchNorm];
}
