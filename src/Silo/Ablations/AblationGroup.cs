using System.Text.Json.Nodes;
using UNet3D.Lab.Experiments.Protocols;

namespace UNet3D.Lab.Silo.Ablations;

/// <summary>
/// One cell of an ablation summarised over its seeds: the values that define it (a grid's axes, a table's row and
/// column), its experiments, and mean ± sample sd of the headline IoU, of each class's IoU and of each sample's IoU
/// over the runs that completed (n).
/// </summary>
public sealed record AblationGroup(
    string Key,
    IReadOnlyDictionary<string, JsonNode?> Values,
    int N,
    IReadOnlyList<string> Experiments,
    Statistic? MeanIou,
    IReadOnlyList<Statistic?> ClassIou,
    IReadOnlyList<SampleStatistic> Samples)
{
    public static IReadOnlyList<AblationGroup> Of(AblationSnapshot ablation) => ablation.Cells.Select(Of).ToArray();

    public static AblationGroup Of(AblationCell cell)
    {
        var completed = cell.Runs.Where(r => r.Status == ExperimentStatus.Completed).ToArray();
        IReadOnlyDictionary<string, JsonNode?> values = cell.Values.Count > 0
            ? cell.Values.ToDictionary(v => v.Key, v => JsonNode.Parse(v.Value))
            : new Dictionary<string, JsonNode?> { ["row"] = cell.Row, ["column"] = cell.Column };
        var classes = completed.Select(r => r.ClassIoU?.Length ?? 0).DefaultIfEmpty(0).Max();
        var samples = completed.SelectMany(r => r.Scores ?? []).Select(s => s.Dataset).Distinct().ToArray();
        return new AblationGroup(
            cell.Key,
            values,
            completed.Length,
            cell.Runs.Select(r => r.ExperimentId).OfType<string>().ToArray(),
            Statistic.Of(completed.Select(r => r.MeanIoU ?? double.NaN)),
            Enumerable.Range(0, classes).Select(c => Statistic.Of(completed.Select(r => r.ClassIoU is { } iou && c < iou.Length ? iou[c] ?? double.NaN : double.NaN))).ToArray(),
            samples.Select(sample => SampleStatistic.Of(sample, completed.Select(r => r.Scores?.FirstOrDefault(s => s.Dataset == sample)?.IoU ?? double.NaN)))
                .OfType<SampleStatistic>().ToArray());
    }
}
