namespace UNet3D.Lab.Web.Compare;

/// <summary>One pair of a paired difference: a sample's IoU in two runs whose configurations differ only in the grouped field.</summary>
public sealed record SamplePair(string Sample, int Seed, CompareRun First, CompareRun Second, double FirstIou, double SecondIou)
{
    public double Difference => FirstIou - SecondIou;
}
