namespace UNet3D.Lab.Web.Compare;

/// <summary>
/// One run of a compare view: the experiment as stored, its label on charts and tables (its name, made unique among
/// the view's runs), its configuration field by field as <see cref="ConfigDiff.FieldsOf"/> writes it, its metrics,
/// and its place in the view (which fixes its colour, so that hiding another run changes no colour).
/// </summary>
public sealed record CompareRun(string Id, string Label, ExperimentSnapshot Snapshot, IReadOnlyDictionary<string, string> Fields, RunMetrics Metrics, int Index)
{
    public int Seed => Snapshot.Config.Seed;

    /// <summary>The run's value of a configuration field as text ("3d", "true", "[2,2,2]"); "null" when it has none.</summary>
    public string ValueOf(string field) => Fields.GetValueOrDefault(field, "null");
}
