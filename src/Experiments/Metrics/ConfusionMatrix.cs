namespace UNet3D.Lab.Experiments.Metrics;

/// <summary>Counts of (truth, prediction) pairs over the voxels chosen for evaluation.</summary>
public sealed class ConfusionMatrix
{
    private readonly long[,] counts;

    public ConfusionMatrix(int classes)
    {
        if (classes < 2) throw new ArgumentOutOfRangeException(nameof(classes), classes, "At least two classes are needed.");
        Classes = classes;
        counts = new long[classes, classes];
    }

    public int Classes { get; }

    public long this[int truth, int predicted] => counts[truth, predicted];

    /// <summary>Adds every voxel whose truth is a class (values ≥ <see cref="Classes"/>, e.g. unlabeled, are skipped) and where <paramref name="include"/> allows.</summary>
    public void Add(ReadOnlySpan<byte> truth, ReadOnlySpan<byte> predicted, Func<int, bool>? include = null)
    {
        if (truth.Length != predicted.Length)
            throw new ArgumentException($"Truth has {truth.Length} voxels but prediction has {predicted.Length}.", nameof(predicted));
        for (var i = 0; i < truth.Length; i++)
        {
            int t = truth[i], p = predicted[i];
            if (t >= Classes) continue;
            if (p >= Classes) throw new ArgumentException($"Predicted label {p} at voxel {i} is not a class.", nameof(predicted));
            if (include is not null && !include(i)) continue;
            counts[t, p]++;
        }
    }

    public long TruePositives(int c) => counts[c, c];

    public long FalsePositives(int c) => Enumerable.Range(0, Classes).Where(t => t != c).Sum(t => counts[t, c]);

    public long FalseNegatives(int c) => Enumerable.Range(0, Classes).Where(p => p != c).Sum(p => counts[c, p]);

    public long Total => Enumerable.Range(0, Classes).Sum(t => Enumerable.Range(0, Classes).Sum(p => counts[t, p]));

    /// <summary>IoU = TP / (TP + FP + FN); NaN when the class appears in neither truth nor prediction.</summary>
    public double IntersectionOverUnion(int c)
    {
        double union = TruePositives(c) + FalsePositives(c) + FalseNegatives(c);
        return union == 0 ? double.NaN : TruePositives(c) / union;
    }

    /// <summary>Dice = 2·TP / (2·TP + FP + FN); NaN when the class appears in neither truth nor prediction.</summary>
    public double Dice(int c)
    {
        double denominator = 2.0 * TruePositives(c) + FalsePositives(c) + FalseNegatives(c);
        return denominator == 0 ? double.NaN : 2.0 * TruePositives(c) / denominator;
    }
}
