using System.Security.Claims;
using UNet3D.Lab.Silo.Series;
using UNet3D.Lab.Web.Access;

namespace UNet3D.Lab.Web.Compare;

/// <summary>
/// Reads a compare view's runs from the lab: the experiments named and those of the ablation, in parallel, each with
/// its held-out IoU series (for the metrics) and the list of its series; then the series the view draws, each run's
/// read once and cut down on the silo to <see cref="PointsPerRun"/> points at most. For a share link's visitor
/// (<c>visitor</c>) it reads only the runs and ablation the link holds, before reading anything, so that
/// the rest are neither shown nor told apart from runs that do not exist.
/// </summary>
public sealed class CompareLoader(ExperimentClient experiments, AblationClient ablations, ClaimsPrincipal? visitor = null)
{
    public const string NotShared = "is not part of this read-only link";

    /// <summary>The reader as a share link's visitor, or null for an account (who reads every run).</summary>
    public static ClaimsPrincipal? VisitorOf(ClaimsPrincipal? user) => user is not null && LabClaims.IsShare(user) ? user : null;

    /// <summary>
    /// Points read of each run's series: every step of a run of up to this many steps, so that smoothing sees the
    /// curve as recorded; longer ones come cut down (each bucket's lowest and highest point).
    /// </summary>
    public const int PointsPerRun = 5_000;

    private static readonly string[] KnownSeries =
        [MetricSeries.Loss, MetricSeries.LearningRate, MetricSeries.ValidationIou, .. Enumerable.Range(0, SegmentationLabels.ClassCount).Select(label => MetricSeries.ValidationIouOf(label))];

    public async Task<CompareData> Load(CompareQuery query)
    {
        var problems = new List<SpecProblem>();
        var cut = new List<SpecProblem>();
        var refused = new List<SpecProblem>();
        var ids = query.Ids.ToList();
        foreach (var id in ids.Where(id => !MayRead(SharedObjects.Experiment, id)).ToArray())
        {
            refused.Add(new SpecProblem(CompareQueryParameters.Ids, $"run \"{id}\" {NotShared}"));
            ids.Remove(id);
        }
        AblationSnapshot? ablation = null;
        if (query.Ablation is { } ablationId && !MayRead(SharedObjects.Ablation, ablationId))
            refused.Add(new SpecProblem(CompareQueryParameters.Ablation, $"ablation \"{ablationId}\" {NotShared}"));
        else if (query.Ablation is { } readable)
        {
            ablation = await ablations.Get(readable);
            if (ablation is null) problems.Add(new SpecProblem(CompareQueryParameters.Ablation, $"no ablation with id \"{readable}\""));
            else
            {
                var ablationRuns = ablation.Cells.SelectMany(c => c.Runs).Select(r => r.ExperimentId).OfType<string>().Where(id => !ids.Contains(id)).Distinct().ToArray();
                // Runs added to the ablation after the link was opened are not the link's.
                foreach (var id in ablationRuns.Where(id => !MayRead(SharedObjects.Experiment, id)))
                    refused.Add(new SpecProblem(CompareQueryParameters.Ablation, $"run \"{id}\" {NotShared}"));
                ids.AddRange(ablationRuns.Where(id => MayRead(SharedObjects.Experiment, id)));
            }
        }
        if (ids.Count > CompareQuery.MaxRuns)
        {
            cut.Add(new SpecProblem(CompareQueryParameters.Ablation, FormattableString.Invariant($"has {ids.Count} runs; the view shows the first {CompareQuery.MaxRuns}")));
            ids = ids[..CompareQuery.MaxRuns];
        }

        var read = await Task.WhenAll(ids.Select(Read));
        foreach (var missing in read.Where(r => r.Snapshot is null))
            problems.Add(new SpecProblem(CompareQueryParameters.Ids, $"no experiment with id \"{missing.Id}\""));

        var found = read.Where(r => r.Snapshot is not null).ToArray();
        var labels = Labels(found.Select(r => r.Snapshot!).ToArray());
        var runs = found.Select((r, index) => new CompareRun(r.Id, labels[index], r.Snapshot!, ConfigDiff.FieldsOf(r.Snapshot!.Config), RunMetrics.Of(r.Snapshot!, r.Validation), index)).ToArray();
        var names = found.SelectMany(r => r.Series.Select(s => s.Name)).Distinct(StringComparer.Ordinal)
            .OrderBy(n => Array.IndexOf(KnownSeries, n) is var known and >= 0 ? known : KnownSeries.Length).ThenBy(n => n, StringComparer.Ordinal)
            .ToArray();
        var data = new CompareData(runs, ablation, names, CompareData.RunSetOf(query), problems, cut, refused);
        // Held like any series: the metrics table reads it, and a run that trains on adds to it.
        data.Add(MetricSeries.ValidationIou, found.ToDictionary(r => r.Id, r => r.Validation, StringComparer.Ordinal));
        await LoadSeries(data, query.Series);
        return data;
    }

    private bool MayRead(string kind, string id) => visitor is null || LabClaims.Holds(visitor, kind, id);

    /// <summary>A run as stored, its held-out IoU series and the names of its series; no snapshot when there is no such run.</summary>
    private async Task<(string Id, ExperimentSnapshot? Snapshot, SeriesPoint[] Validation, IReadOnlyList<SeriesSummary> Series)> Read(string id)
    {
        var snapshot = await experiments.Get(id);
        if (snapshot is null) return (id, null, [], []);
        var validation = experiments.ReadSeries(id, MetricSeries.ValidationIou, maxPoints: PointsPerRun);
        var series = experiments.ListSeries(id);
        return (id, snapshot, (await validation)?.Points ?? [], await series ?? []);
    }

    /// <summary>Reads the series of every run that <paramref name="data"/> does not hold yet.</summary>
    public async Task LoadSeries(CompareData data, IEnumerable<string> names)
    {
        foreach (var name in names.Where(n => !data.HasSeries(n)).Distinct(StringComparer.Ordinal).ToArray())
        {
            var pages = await Task.WhenAll(data.Runs.Select(async run => (run.Id, Page: await experiments.ReadSeries(run.Id, name, maxPoints: PointsPerRun))));
            data.Add(name, pages.ToDictionary(p => p.Id, p => p.Page?.Points ?? [], StringComparer.Ordinal));
        }
    }

    /// <summary>
    /// Reads one run again, its state and every series held of it: what a view that starts following a training run
    /// needs, as points may have arrived between the first read and the follow. The state pushed with the follow is
    /// applied after this.
    /// </summary>
    public async Task Reread(CompareData data, string run)
    {
        foreach (var name in data.HeldSeries)
        {
            var page = await experiments.ReadSeries(run, name, maxPoints: PointsPerRun);
            data.Replace(run, name, page?.Points ?? []);
        }
    }

    /// <summary>Each run's name; names that several runs share get their seed, and the id where that is not enough.</summary>
    internal static string[] Labels(IReadOnlyList<ExperimentSnapshot> runs)
    {
        var names = runs.Select(r => r.Config.DisplayName).ToArray();
        var withSeed = names.Select((name, i) => names.Count(n => n == name) > 1 ? $"{name} · seed {runs[i].Config.Seed}" : name).ToArray();
        return withSeed.Select((name, i) => withSeed.Count(n => n == name) > 1 ? $"{name} · {runs[i].Id}" : name).ToArray();
    }
}
