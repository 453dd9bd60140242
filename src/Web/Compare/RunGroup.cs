namespace UNet3D.Lab.Web.Compare;

/// <summary>Runs that share a value of the field the compare view groups by ("3d" of model, [2,2,2] of annotatedSlices).</summary>
public sealed record RunGroup(string Field, string Value, IReadOnlyList<string> Runs)
{
    public string Label => $"{Field}={Value}";

    /// <summary>
    /// The groups of <paramref name="configurations"/> (run id → configuration) by <paramref name="field"/>, in order of
    /// first appearance; every run alone when <paramref name="field"/> is null.
    /// </summary>
    public static IReadOnlyList<RunGroup> By(string? field, IReadOnlyList<(string Run, ExperimentSpec Configuration)> configurations)
    {
        if (field is null) return configurations.Select(c => new RunGroup("run", c.Run, [c.Run])).ToArray();
        return configurations
            .GroupBy(c => ConfigDiff.FieldsOf(c.Configuration).GetValueOrDefault(field, "null"))
            .Select(g => new RunGroup(field, g.Key, g.Select(c => c.Run).ToArray()))
            .ToArray();
    }
}
