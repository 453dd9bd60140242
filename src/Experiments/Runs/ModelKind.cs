namespace UNet3D.Lab.Experiments.Runs;

public enum ModelKind
{
    /// <summary>The volumetric 3D U-Net.</summary>
    ThreeD,

    /// <summary>The paper's 2D baseline: annotated slices as independent images.</summary>
    TwoD,
}
