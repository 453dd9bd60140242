namespace UNet3D.Lab.Web.Compare;

/// <summary>What the curves are drawn against: the training step, or the wall time since training started.</summary>
public enum CompareAxis
{
    Step,
    Time,
}
