namespace UNet3D.Lab.Web.Compare;

/// <summary>Runs that share a value of the field the compare view groups by ("3d" of model, [2,2,2] of annotatedSlices).</summary>
public sealed record RunGroup(string Field, string Value, IReadOnlyList<string> Runs)
{
    /// <summary>The field of a group that is one run alone (the view is not grouped); its value is the run's id.</summary>
    public const string RunField = "run";

    public string Label => $"{Field}={Value}";

    /// <summary>
    /// The groups of <paramref name="configurations"/> (run id → configuration) by <paramref name="field"/>, in order of
    /// first appearance; every run alone when <paramref name="field"/> is null.
    /// </summary>
    public static IReadOnlyList<RunGroup> By(string? field, IReadOnlyList<(string Run, ExperimentSpec Configuration)> configurations) =>
        By(field, configurations.Select(c => (c.Run, ConfigDiff.FieldsOf(c.Configuration))).ToArray());

    /// <summary>The same from each run's fields as <see cref="ConfigDiff.FieldsOf"/> writes them.</summary>
    public static IReadOnlyList<RunGroup> By(string? field, IReadOnlyList<(string Run, IReadOnlyDictionary<string, string> Fields)> runs)
    {
        if (field is null) return runs.Select(r => new RunGroup(RunField, r.Run, [r.Run])).ToArray();
        return runs
            .GroupBy(r => r.Fields.GetValueOrDefault(field, "null"), StringComparer.Ordinal)
            .Select(g => new RunGroup(field, g.Key, g.Select(r => r.Run).ToArray()))
            .ToArray();
    }
}
