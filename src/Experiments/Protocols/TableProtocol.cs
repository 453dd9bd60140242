using System.Globalization;
using UNet3D.Lab.Experiments.Presets;
using UNet3D.Lab.Experiments.Runs;

namespace UNet3D.Lab.Experiments.Protocols;

/// <summary>What a researcher asks a protocol for: which table, at which preset, on which datasets.</summary>
public sealed record ProtocolRequest(int Table, string Preset, IReadOnlyList<DatasetGeometry> Datasets, int? Iterations = null);

/// <summary>
/// One cell of a table: one experiment configuration (run once per seed; <see cref="Spec"/> has seed 1), its place
/// in the table, and the datasets whose IoU (averaged) is the cell's value.
/// </summary>
public sealed record ProtocolCell(string Key, string Row, string Column, ExperimentSpec Spec, IReadOnlyList<string> Measured);

/// <summary>
/// The paper's three protocols (docs/paper.md, "Protocols and published results"), each expanded into cells for any
/// list of datasets: the built-in phantom or a researcher's own volumes.
/// </summary>
public static class TableProtocol
{
    public const int Folds = 3;

    public static IReadOnlyList<int> Tables { get; } = [1, 2, 3];

    /// <summary>Table 2's annotated slices per axis (x, y, z).</summary>
    public static IReadOnlyList<IReadOnlyList<int>> Table2Settings { get; } = [[1, 1, 1], [2, 2, 1], [3, 3, 2], [5, 5, 3]];

    private static readonly VolumeAxis[] Axes = [VolumeAxis.X, VolumeAxis.Y, VolumeAxis.Z];

    public static string SubsetLabel(int subset) => string.Create(CultureInfo.InvariantCulture, $"subset {subset}");

    public static string SettingLabel(IReadOnlyList<int> counts) => string.Join(",", counts);

    /// <summary>Problems with the request, each naming its field (table, preset, datasets, iterations); empty when valid.</summary>
    public static IReadOnlyList<SpecProblem> Problems(ProtocolRequest request)
    {
        var problems = new List<SpecProblem>();
        if (!Tables.Contains(request.Table))
            problems.Add(new("table", $"must be 1, 2 or 3, not {request.Table}"));
        try { ExperimentPresets.Get(request.Preset); }
        catch (ArgumentException e) { problems.Add(new("preset", e.Message)); }
        if (request.Iterations is { } iterations && (iterations < 1 || iterations > ExperimentSpec.MaxIterations))
            problems.Add(new("iterations", $"must be between 1 and {ExperimentSpec.MaxIterations}, not {iterations}"));

        var datasets = request.Datasets;
        if (datasets.Count == 0)
        {
            problems.Add(new("datasets", "must name at least one dataset"));
            return problems;
        }
        var duplicate = datasets.GroupBy(d => d.Id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) problems.Add(new("datasets", $"'{duplicate.Key}' is named twice"));
        if (request.Table == 3 && datasets.Count < 2)
            problems.Add(new("datasets", "Table 3 trains on the other datasets and tests on one: it needs at least two"));

        for (var i = 0; i < datasets.Count; i++)
        {
            var dataset = datasets[i];
            if (request.Table == 2)
            {
                var largest = Table2Settings[^1];
                foreach (var axis in Axes)
                    if (largest[(int)axis] > dataset.Available(axis))
                        problems.Add(new("datasets", $"'{dataset.Id}' has {dataset.Available(axis)} annotated planes along {axis}; Table 2 annotates up to {largest[(int)axis]}"));
            }
            else if (request.Table == 1 && AnnotationPool.For(dataset, i).Max() < Folds)
            {
                // Planes are dealt per axis, so some axis needs a plane for each of the three subsets.
                problems.Add(new("datasets", $"'{dataset.Id}' has at most {AnnotationPool.For(dataset, i).Max()} annotated planes along any axis; Table 1 deals them into {Folds} subsets and needs {Folds} along some axis"));
            }
            else if (request.Table == 3 && AnnotationPool.For(dataset, i).Sum() == 0)
            {
                problems.Add(new("datasets", $"'{dataset.Id}' has no annotated planes to train or test on"));
            }
        }
        return problems;
    }

    /// <summary>The table's cells in the order they are best run: row by row, the paper's column order.</summary>
    public static IReadOnlyList<ProtocolCell> Expand(ProtocolRequest request)
    {
        var problems = Problems(request);
        if (problems.Count > 0) throw new InvalidExperimentSpecException(problems);
        return request.Table switch
        {
            1 => Table1(request),
            2 => Table2(request),
            _ => Table3(request),
        };
    }

    // Semi-automated: every dataset's pool dealt into three subsets; one network per fold and model on all datasets.
    private static List<ProtocolCell> Table1(ProtocolRequest request)
    {
        var pool = Pool(request.Datasets);
        var cells = new List<ProtocolCell>();
        for (var held = 0; held < Folds; held++)
            foreach (var model in ProtocolModel.All)
            {
                var row = SubsetLabel(held + 1);
                cells.Add(new ProtocolCell($"t1-s{held + 1}-{model.Key}", row, model.Label, Spec(request, 1, row, model) with
                {
                    AnnotatedSlices = pool[0].AnnotatedSlices!,
                    Datasets = pool,
                    Fold = new SliceFold(Folds, held),
                }, request.Datasets.Select(d => d.Id).ToArray()));
            }
        return cells;
    }

    // Number of annotated slices: 3D with BN on one dataset at a time, tested where none of the settings annotated.
    private static List<ProtocolCell> Table2(ProtocolRequest request)
    {
        var cells = new List<ProtocolCell>();
        var excluded = Table2Settings.Select(s => (IReadOnlyList<int>)s.ToArray()).ToArray();
        for (var s = 0; s < Table2Settings.Count; s++)
        {
            var counts = Table2Settings[s].ToArray();
            var row = SettingLabel(counts);
            for (var d = 0; d < request.Datasets.Count; d++)
            {
                var id = request.Datasets[d].Id;
                cells.Add(new ProtocolCell($"t2-{string.Join("", counts)}-d{d + 1}", row, id,
                    Spec(request, 2, $"{row} slices · {id}", ProtocolModel.ThreeDWithBatchNorm) with
                    {
                        AnnotatedSlices = counts,
                        Datasets = [new DatasetSelection(id, counts)],
                        ExcludedFromTest = excluded,
                    }, [id]));
            }
        }
        return cells;
    }

    // Fully automated: train on the annotated slices of all other datasets, test on every annotated slice of one.
    private static List<ProtocolCell> Table3(ProtocolRequest request)
    {
        var pool = Pool(request.Datasets);
        var cells = new List<ProtocolCell>();
        for (var k = 0; k < pool.Length; k++)
        {
            var training = pool.Where((_, i) => i != k).ToArray();
            var id = pool[k].Id;
            foreach (var model in ProtocolModel.All)
                cells.Add(new ProtocolCell($"t3-d{k + 1}-{model.Key}", id, model.Label, Spec(request, 3, $"test {id}", model) with
                {
                    AnnotatedSlices = training[0].AnnotatedSlices!,
                    Datasets = training,
                    TestDatasets = [pool[k]],
                }, [id]));
        }
        return cells;
    }

    private static DatasetSelection[] Pool(IReadOnlyList<DatasetGeometry> datasets) =>
        datasets.Select((d, i) => new DatasetSelection(d.Id, AnnotationPool.For(d, i))).ToArray();

    private static ExperimentSpec Spec(ProtocolRequest request, int table, string row, ProtocolModel model) => new()
    {
        Name = $"Table {table} · {row} · {model.Label}",
        Model = model.Model,
        BatchNorm = model.BatchNorm,
        Preset = ExperimentPresets.Get(request.Preset).Name,
        Seed = 1,
        Iterations = request.Iterations,
    };
}
