using System.Text.Json.Nodes;
using UNet3D.Lab.Experiments.Runs;
using UNet3D.Lab.Silo.Ablations;
using UNet3D.Lab.Silo.Models;

namespace UNet3D.Lab.Silo.Tests;

public sealed class GridPlannerTests
{
    private static readonly PhantomDatasetMetadata Phantom = new();

    private static GridRequest Grid(string baseJson, string axesJson, int seeds = 1) => new()
    {
        Name = "g",
        Base = JsonNode.Parse(baseJson)!.AsObject(),
        Axes = JsonNode.Parse(axesJson)!.AsObject().ToDictionary(p => p.Key, p => p.Value!.AsArray()),
        Seeds = seeds,
    };

    [Fact]
    public void Every_combination_of_the_axes_is_a_cell_with_one_run_per_seed_the_last_axis_fastest()
    {
        var (grid, problems) = GridPlanner.Plan("abl-x", Grid("""{"preset":"smoke","iterations":3}""",
            """{"model":["3d","2d"],"batchNorm":[true,false],"annotatedSlices":[[1,1,1],[2,2,2]]}""", seeds: 2), Phantom);
        Assert.Empty(problems);
        Assert.Equal(8, grid!.Cells.Length);
        Assert.Equal(16, grid.RunCount);
        Assert.Equal("model=\"3d\", batchNorm=true, annotatedSlices=[1,1,1]", grid.Cells[0].Key);
        Assert.Equal("model=\"3d\", batchNorm=true, annotatedSlices=[2,2,2]", grid.Cells[1].Key);
        Assert.Equal("model=\"2d\", batchNorm=false, annotatedSlices=[2,2,2]", grid.Cells[7].Key);
        var last = grid.Cells[7].Config;
        Assert.Equal((ModelKind.TwoD, false, 3, "smoke"), (last.Model, last.BatchNorm, last.EffectiveIterations, last.Preset));
        Assert.Equal([2, 2, 2], last.AnnotatedSlices);
        Assert.Equal("[2,2,2]", grid.Cells[7].Values["annotatedSlices"]);
        Assert.All(grid.Cells, c => Assert.Equal([1, 2], c.Runs.Select(r => r.Seed)));
        Assert.Equal("g · model=\"2d\", batchNorm=false, annotatedSlices=[2,2,2]", last.Name);
    }

    [Fact]
    public void Any_experiment_field_can_be_an_axis()
    {
        var (grid, problems) = GridPlanner.Plan("abl-x", Grid("""{"model":"3d"}""",
            """{"learningRate":[0.01,0.001],"optimizer":["sgd","adam"],"augment":[true],"datasets":[["phantom-tiny-s1"],["phantom-tiny-s2"]]}"""), Phantom);
        Assert.Empty(problems);
        Assert.Equal(8, grid!.Cells.Length);
        Assert.Equal((0.01, Experiments.Training.OptimizerKind.Sgd, true), (grid.Cells[0].Config.LearningRate, grid.Cells[0].Config.Optimizer, grid.Cells[0].Config.Augment));
        Assert.Equal("phantom-tiny-s2", grid.Cells[7].Config.Datasets![0].Id);
    }

    [Theory]
    [InlineData("""{"model":"3d"}""", """{"bogus":[1]}""", "axes.bogus", "not a field of an experiment")]
    [InlineData("""{"model":"3d"}""", """{"seed":[1,2]}""", "axes.seed", "seeds")]
    [InlineData("""{"model":"3d"}""", """{"optimizer":["adam","rmsprop"]}""", "axes.optimizer", "value \"rmsprop\"")]
    [InlineData("""{"model":"3d"}""", """{"iterations":[5,0]}""", "axes.iterations", "value 0: must be between 1")]
    [InlineData("""{"model":"3d"}""", """{"batchNorm":[]}""", "axes.batchNorm", "at least one value")]
    [InlineData("""{"model":"3d"}""", """{"batchNorm":[true,true]}""", "axes.batchNorm", "twice")]
    [InlineData("""{"model":"3d","preset":"huge"}""", """{"batchNorm":[true]}""", "base.preset", "huge")]
    [InlineData("""{"preset":"smoke"}""", """{"batchNorm":[true]}""", "base.model", "required")]
    [InlineData("""{"model":"3d","seed":4}""", """{}""", "base.seed", "seeds")]
    [InlineData("""{"model":"3d"}""", """{"datasets":[["nowhere"]]}""", "axes.datasets", "no dataset with id 'nowhere'")]
    public void A_problem_names_the_axis_or_base_field_and_the_value(string baseJson, string axesJson, string field, string says)
    {
        var (grid, problems) = GridPlanner.Plan("abl-x", Grid(baseJson, axesJson), Phantom);
        Assert.Null(grid);
        var problem = Assert.Single(problems, p => p.Field == field);
        Assert.Contains(says, problem.Message);
    }

    [Fact]
    public void More_than_500_runs_are_refused()
    {
        var iterations = string.Join(",", Enumerable.Range(1, 51));
        var (grid, problems) = GridPlanner.Plan("abl-x", Grid("""{"model":"3d"}""", $$"""{"iterations":[{{iterations}}]}""", seeds: 10), Phantom);
        Assert.Null(grid);
        Assert.Contains("510 runs", Assert.Single(problems, p => p.Field == "axes").Message);
        Assert.NotNull(GridPlanner.Plan("abl-x", Grid("""{"model":"3d"}""", $$"""{"iterations":[{{string.Join(",", Enumerable.Range(1, 50))}}]}""", seeds: 10), Phantom).Grid);
    }
}
