namespace UNet3D.Lab.Experiments.Losses;

/// <summary>How class weights of the loss are chosen. The paper reduces background and raises tubule weight but gives no numbers.</summary>
public static class ClassWeighting
{
    /// <summary>
    /// Inverse-frequency weights over labelled voxels, normalised so that a class of average frequency weighs 1:
    /// w_c = labelled / (K · n_c). A class without labelled voxels gets weight 0.
    /// </summary>
    public static float[] Balanced(IEnumerable<SparseAnnotation> annotations, int classes = SegmentationLabels.ClassCount)
    {
        var counts = new long[classes];
        foreach (var annotation in annotations)
            foreach (var label in annotation.Labels)
                if (label < classes) counts[label]++;
        var labeled = counts.Sum();
        return counts.Select(n => n == 0 ? 0f : (float)(labeled / ((double)classes * n))).ToArray();
    }
}
