using UNet3D.Lab.Experiments.Data;
using UNet3D.Lab.Experiments.Metrics;
using UNet3D.Lab.Experiments.Runs;
using UNet3D.Lab.Experiments.Training;
using UNet3D.Lab.Silo.Models;
using UNet3D.Lab.Silo.Ablations;

namespace UNet3D.Lab.Silo.Tests;

public sealed class TablePlanningTests
{
    private static readonly PhantomDatasetMetadata Phantom = new();

    [Fact]
    public void A_request_without_datasets_uses_the_presets_phantom_and_one_run_per_seed()
    {
        var (suite, problems) = TablePlanner.Plan("suite-x", new TableRequest { Table = 2, Preset = "cpu", Seeds = 3 }, Phantom);
        Assert.Empty(problems);
        Assert.Equal(PhantomDatasets.Ids(PhantomVariant.Cpu), suite!.Datasets);
        Assert.Equal(12, suite.Cells.Length);
        Assert.All(suite.Cells, c => Assert.Equal([1, 2, 3], c.Runs.Select(r => r.Seed)));
        Assert.All(suite.Cells, c => Assert.Null(c.Runs[0].ExperimentId));
        Assert.Equal("cpu", suite.Cells[0].Config.Preset);
        Assert.Equal(3, suite.Cells[0].ConfigFor(3).Seed);
        Assert.EndsWith("· seed 3", suite.Cells[0].ConfigFor(3).Name);
    }

    [Fact]
    public void A_table_in_another_precision_runs_every_cell_in_it()
    {
        var (suite, problems) = TablePlanner.Plan("suite-p", new TableRequest { Table = 1, Preset = "cpu", Precision = Precision.Bf16 }, Phantom);
        Assert.Empty(problems);
        Assert.All(suite!.Cells, c => Assert.Equal(Precision.Bf16, c.Config.Precision));
        Assert.All(TablePlanner.Plan("suite-q", new TableRequest { Table = 1, Preset = "cpu" }, Phantom).Suite!.Cells,
            c => Assert.Equal(Precision.Fp32, c.Config.Precision));
        Assert.False(new TableRequest { Table = 1 }.SameAs(new TableRequest { Table = 1, Precision = Precision.Fp16 }));
        Assert.Equal("precision", Assert.Single(TablePlanner.Problems(new TableRequest { Table = 1, Precision = (Precision)7 }, Phantom)).Field);
    }

    [Fact]
    public void Problems_name_their_field()
    {
        var problems = TablePlanner.Problems(new TableRequest { Table = 3, Seeds = 0, Datasets = ["phantom-tiny-s1", "mine"], Iterations = -1 }, Phantom);
        Assert.Equal(["seeds", "datasets", "iterations"], problems.Select(p => p.Field));
        Assert.Contains("no dataset with id 'mine'", problems[1].Message);
        Assert.Equal("table", Assert.Single(TablePlanner.Problems(new TableRequest { Table = 0, Preset = "nope" }, Phantom), p => p.Field != "preset").Field);
    }

    [Fact]
    public void The_content_hash_ignores_the_name_and_changes_with_anything_that_changes_the_result()
    {
        var config = new ExperimentSpec
        {
            Name = "a", Model = ModelKind.ThreeD, Preset = "smoke", Datasets = [new DatasetSelection("phantom-tiny-s1", [3, 3, 8])], Fold = new SliceFold(3, 0),
        };
        var hash = ExperimentHash.Of(config, Phantom);
        Assert.Matches("^[0-9a-f]{64}$", hash);
        Assert.Equal(hash, ExperimentHash.Of(config with { Name = "b" }, Phantom));
        // Iterations and augmentation count as they take effect: the smoke preset's defaults are 100 and off.
        Assert.Equal(hash, ExperimentHash.Of(config with { Iterations = 100, Augment = false, Preset = "SMOKE" }, Phantom));
        // What is recorded while training is not what it trains.
        Assert.Equal(hash, ExperimentHash.Of(config with { EvaluateEvery = 7 }, Phantom));
        Assert.NotEqual(hash, ExperimentHash.Of(config with { Seed = 2 }, Phantom));
        Assert.NotEqual(hash, ExperimentHash.Of(config with { Precision = Precision.Bf16 }, Phantom));
        // fp32, the default, hashes as before the field existed: results stored then stay reusable.
        Assert.DoesNotContain("precision", ExperimentHash.Canonical(config, Phantom));
        Assert.Contains("\"precision\":\"bf16\"", ExperimentHash.Canonical(config with { Precision = Precision.Bf16 }, Phantom));
        Assert.NotEqual(hash, ExperimentHash.Of(config with { Fold = new SliceFold(3, 1) }, Phantom));
        Assert.NotEqual(hash, ExperimentHash.Of(config with { Datasets = [new DatasetSelection("phantom-tiny-s1", [3, 3, 7])] }, Phantom));
        Assert.NotEqual(hash, ExperimentHash.Of(config, new ChangedData()));
        Assert.Null(ExperimentHash.Of(config with { TestDatasets = [new DatasetSelection("unknown")] }, Phantom));
    }

    /// <summary>The phantom's ids, but with other content (as after a re-import).</summary>
    private sealed class ChangedData : IDatasetMetadata
    {
        public string? Fingerprint(string datasetId) => datasetId + "@changed";

        public Experiments.Protocols.DatasetGeometry? Geometry(string datasetId) => Phantom.Geometry(datasetId);
    }
}
