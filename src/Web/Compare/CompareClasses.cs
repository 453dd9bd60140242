namespace UNet3D.Lab.Web.Compare;

/// <summary>
/// The class columns of a compare view: the runs' class names when they share one label set (the paper's when no run
/// has metrics yet); where their sets differ, a label's name when every set that has the label names it alike, else
/// "label i".
/// </summary>
public static class CompareClasses
{
    public static IReadOnlyList<string> Names(IEnumerable<ExperimentSnapshot> runs)
    {
        var sets = runs.Select(r => r.Metrics?.LabelSet).OfType<LabelSet>().Distinct().ToArray();
        if (sets.Length == 0) return LabelSet.Paper.Names;
        if (sets.Length == 1) return sets[0].Names;
        return Enumerable.Range(0, sets.Max(s => s.Count))
            .Select(label => sets.Where(s => label < s.Count).Select(s => s.Names[label]).Distinct(StringComparer.Ordinal).ToArray() is [var only]
                ? only
                : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"label {label}"))
            .ToArray();
    }
}
