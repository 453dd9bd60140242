namespace UNet3D.Lab.Experiments.Data;

/// <summary>
/// Cross-validation over annotated slices (the paper's Table 1): each sample's slices are dealt into
/// <see cref="Count"/> subsets, uniformly along every axis; the run trains on all subsets but <see cref="Held"/>
/// and measures on the held one.
/// </summary>
public sealed record SliceFold(int Count, int Held)
{
    /// <summary>Deals the slices of each axis, in order of position, round-robin into <paramref name="count"/> subsets.</summary>
    public static IReadOnlyList<IReadOnlyList<AnnotatedSlice>> Split(IEnumerable<AnnotatedSlice> slices, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var subsets = Enumerable.Range(0, count).Select(_ => new List<AnnotatedSlice>()).ToArray();
        foreach (var axis in slices.GroupBy(s => s.Axis).OrderBy(g => g.Key))
        {
            var ordered = axis.Distinct().OrderBy(s => s.Index).ToArray();
            for (var i = 0; i < ordered.Length; i++) subsets[i % count].Add(ordered[i]);
        }
        return subsets;
    }

    public IReadOnlyList<AnnotatedSlice> Training(IEnumerable<AnnotatedSlice> slices) =>
        Split(slices, Count).Where((_, i) => i != Held).SelectMany(s => s).ToArray();

    public IReadOnlyList<AnnotatedSlice> Testing(IEnumerable<AnnotatedSlice> slices) => Split(slices, Count)[Held];
}
