namespace UNet3D.Lab.Web.Access;

/// <summary>
/// Names of what a share link opens: <c>experiment:exp-…</c>, <c>ablation:…</c>, <c>table:…</c>, and
/// <c>comparison:ids=…&amp;smooth=…</c>, whose id is the compare view's query string as
/// <see cref="Compare.CompareQueryParameters.Format"/> writes it.
/// </summary>
public static class SharedObjects
{
    public const string Experiment = "experiment";
    public const string Ablation = "ablation";
    public const string Table = "table";
    public const string Comparison = "comparison";

    public static readonly IReadOnlyList<string> Kinds = [Experiment, Ablation, Table, Comparison];

    public static string Of(string kind, string id) => $"{kind}:{id}";

    /// <summary>The page that shows the object.</summary>
    public static string PagePath(string kind, string id) => kind switch
    {
        Experiment => $"/experiments/{Uri.EscapeDataString(id)}",
        Ablation => $"/ablations/{Uri.EscapeDataString(id)}",
        Table => $"/tables/{Uri.EscapeDataString(id)}",
        Comparison => $"/compare?{id}",
        _ => throw new ArgumentException($"'{kind}' is not a kind of shared object ({string.Join(", ", Kinds)}).", nameof(kind)),
    };
}
