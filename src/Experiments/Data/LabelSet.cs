namespace UNet3D.Lab.Experiments.Data;

/// <summary>
/// The classes a dataset's labels name, in label order (label i is <see cref="Names"/>[i]), and the stored value of
/// voxels nobody annotated. A network predicts <see cref="Count"/> classes; every metric is indexed by label.
/// </summary>
public sealed class LabelSet : IEquatable<LabelSet>
{
    public const int MinClasses = 2, MaxClasses = 16;

    /// <summary>The paper's set (section 3): 0 inside the tubule, 1 tubule, 2 background, 3 unlabeled.</summary>
    public static LabelSet Paper { get; } = new(["inside tubule", "tubule", "background"]);

    /// <param name="names">Class names in label order: 2–16 distinct, non-blank names.</param>
    public LabelSet(IReadOnlyList<string> names)
    {
        if (Problem(names) is { } problem) throw new ArgumentException(problem, nameof(names));
        Names = [.. names];
        Unlabeled = UnlabeledFor(Names.Count);
    }

    public IReadOnlyList<string> Names { get; }

    public int Count => Names.Count;

    /// <summary>
    /// The stored label of voxels nobody annotated: 3 for up to three classes (the paper's value, so stored volumes
    /// keep their meaning), 255 for more.
    /// </summary>
    public byte Unlabeled { get; }

    public bool IsPaper => Equals(Paper);

    public string Name(int label) =>
        label >= 0 && label < Count ? Names[label] : label == Unlabeled ? "unlabeled" : $"label {label}";

    /// <summary>The stored unlabeled value of a set of <paramref name="count"/> classes.</summary>
    public static byte UnlabeledFor(int count) => count <= SegmentationLabels.Unlabeled ? SegmentationLabels.Unlabeled : byte.MaxValue;

    /// <summary>What is wrong with <paramref name="names"/> as a label set, in words; null when nothing is.</summary>
    public static string? Problem(IReadOnlyList<string?>? names)
    {
        if (names is null) return "must list the class names in label order";
        if (names.Count is < MinClasses or > MaxClasses)
            return $"must list {MinClasses} to {MaxClasses} class names, not {names.Count}";
        for (var i = 0; i < names.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(names[i])) return $"class {i} has an empty name";
            if (names[i]!.Trim() != names[i]) return $"class {i} (\"{names[i]}\") has leading or trailing spaces";
            if (names[i]!.Length > 100 || names[i]!.Any(char.IsControl)) return $"class {i}'s name must be at most 100 characters without control characters";
        }
        var duplicate = names.GroupBy(n => n, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        return duplicate is null ? null : $"class names must be distinct; \"{duplicate.Key}\" appears {duplicate.Count()} times";
    }

    public bool Equals(LabelSet? other) => other is not null && Names.SequenceEqual(other.Names, StringComparer.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as LabelSet);

    public override int GetHashCode() => Names.Aggregate(Count, (hash, name) => HashCode.Combine(hash, StringComparer.Ordinal.GetHashCode(name)));

    public override string ToString() => string.Join(", ", Names.Select((n, i) => $"{i} {n}"));
}
