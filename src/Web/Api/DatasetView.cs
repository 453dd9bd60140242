using UNet3D.Lab.Silo.Datasets;

namespace UNet3D.Lab.Web.Api;

/// <summary>
/// A dataset as the API shows it. <see cref="Status"/> is "ready", or "pending" for a built-in sample not generated yet.
/// <see cref="Classes"/> names its labels in order (the paper's three for the phantom and older imports).
/// </summary>
public sealed record DatasetView(
    string Id,
    string Name,
    string Url,
    string Status,
    bool BuiltIn,
    XyzView Shape,
    int Channels,
    SpacingView Spacing,
    string LabelKind,
    int? UnlabeledValue,
    IReadOnlyList<string> Classes,
    long? LabeledVoxels,
    ChannelStatistics[]? ChannelStatistics,
    IReadOnlyDictionary<string, long>? LabelHistogram,
    string? Sha256,
    DatasetSourceFile[] Files,
    DateTimeOffset? CreatedAt,
    AxisUrlsView? Thumbnails,
    AxisUrlsView? LabelThumbnails,
    int AnnotatedSlices)
{
    public static DatasetView From(DatasetInfo info, HttpRequest request) => new(
        info.Id,
        info.Name,
        PageUrl(request, info.Id),
        info.IsReady ? "ready" : "pending",
        info.BuiltIn,
        new XyzView(info.X, info.Y, info.Z),
        info.Channels,
        SpacingView.Of(info.SpacingX, info.SpacingY, info.SpacingZ, info.SpacingUnit),
        info.LabelKind.ToString().ToLowerInvariant(),
        info.ServedUnlabeledValue,
        info.LabelSet.Names,
        info.IsReady ? info.LabeledVoxels : null,
        info.IsReady ? info.ChannelStatistics : null,
        info.IsReady ? info.LabelHistogram.Select((count, label) => (Name: HistogramKey(label, info.LabelHistogram.Length), count)).ToDictionary(p => p.Name, p => p.count) : null,
        info.Sha256,
        info.Files,
        info.CreatedAt,
        info.IsReady ? AxisUrlsView.For(info.Id, "thumbnail") : null,
        info.IsReady && info.HasLabels ? AxisUrlsView.For(info.Id, "labels") : null,
        info.AnnotatedSlices);

    /// <summary>The dataset's page, the link to share.</summary>
    public static string PageUrl(HttpRequest request, string id) => $"{request.Scheme}://{request.Host}/datasets/{Uri.EscapeDataString(id)}";

    // The last entry counts the unlabeled voxels (DatasetContent.LabelHistogram).
    private static string HistogramKey(int label, int entries) => label == entries - 1 ? "unlabeled" : label.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
