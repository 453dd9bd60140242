using System.Globalization;
using CsvHelper;

namespace UNet3D.Lab.Web.Compare;

/// <summary>
/// A compare view as CSV (RFC 4180, written by CsvHelper; numbers in invariant culture, empty where there is no value):
/// one row per shown run with its group, every configuration field and its metrics; or every point held of the chosen
/// series, raw and smoothed as the view smooths it.
/// </summary>
public static class CompareCsv
{
    public static string Runs(CompareView view)
    {
        var fields = view.Diff.Fields;
        var samples = view.Samples.Samples;
        var classes = view.ClassNames;
        return Write(csv =>
        {
            foreach (var header in new[] { "id", "label", "status", "group" }.Concat(fields)
                .Concat(["finalLoss", "bestValidationIou", "lastValidationIou", "meanIou"])
                .Concat(classes.Select(name => $"iou {name}"))
                .Concat(["durationSeconds"]).Concat(samples.Select(s => $"iou {s}")))
                csv.WriteField(header);
            csv.EndRecord();
            foreach (var group in view.Groups)
            {
                foreach (var run in group.Runs)
                {
                    var m = run.Metrics;
                    csv.WriteField(run.Id);
                    csv.WriteField(run.Label);
                    csv.WriteField(Silo.Json.LabJson.NameOf(run.Snapshot.Status));
                    csv.WriteField(group.IsSingleRun ? "" : group.Value);
                    foreach (var field in fields) csv.WriteField(run.Fields.GetValueOrDefault(field, ""));
                    var classIou = Enumerable.Range(0, classes.Count).Select(label => label < m.ClassIou.Count ? m.ClassIou[label] : null);
                    foreach (var value in new[] { m.FinalLoss, m.BestValidationIou, m.LastValidationIou, m.MeanIou }.Concat(classIou).Append(m.DurationSeconds))
                        csv.WriteField(Number(value));
                    foreach (var sample in samples)
                        csv.WriteField(Number(m.Samples.Where(s => s.Sample == sample).Select(s => (double?)s.IoU).FirstOrDefault()));
                    csv.EndRecord();
                }
            }
        });
    }

    /// <summary>Long format: one row per run, series and step.</summary>
    public static string Series(CompareData data, CompareView view) => Write(csv =>
    {
        foreach (var header in new[] { "id", "label", "group", "series", "step", "seconds", "value", "smoothed" }) csv.WriteField(header);
        csv.EndRecord();
        foreach (var series in view.Query.Series)
        {
            foreach (var group in view.Groups)
            {
                foreach (var run in group.Runs)
                {
                    var points = data.Points(run.Id, series);
                    var smoothed = CompareCurves.Curve(points, view.Query);
                    for (var i = 0; i < points.Count; i++)
                    {
                        csv.WriteField(run.Id);
                        csv.WriteField(run.Label);
                        csv.WriteField(group.IsSingleRun ? "" : group.Value);
                        csv.WriteField(series);
                        csv.WriteField(points[i].Step.ToString(CultureInfo.InvariantCulture));
                        csv.WriteField(Number(points[i].Seconds));
                        csv.WriteField(Number(points[i].Value));
                        csv.WriteField(Number(smoothed[i].Value));
                        csv.EndRecord();
                    }
                }
            }
        }
    });

    private static string Number(double? value) => value is { } v && double.IsFinite(v) ? v.ToString("R", CultureInfo.InvariantCulture) : "";

    private static string Write(Action<CsvWriter> write)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = CsvWriter.Create(text, options: null, leaveOpen: true))
        {
            write(csv);
            csv.Flush();
        }
        return text.ToString();
    }
}
