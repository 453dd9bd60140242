using UNet3D.Lab.Experiments.Data;
using UNet3D.Lab.Experiments.Runs;
using UNet3D.Lab.Silo.Models;
using UNet3D.Lab.Web.Compare;

namespace UNet3D.Lab.Web.Tests;

/// <summary>The per-class columns of a compare view name the runs' classes, whatever label sets they have.</summary>
public sealed class CompareClassesTests
{
    private static ExperimentSnapshot Run(string id, IReadOnlyList<string>? classes) => new()
    {
        Id = id,
        Config = new ExperimentSpec { Model = ModelKind.ThreeD },
        Status = ExperimentStatus.Completed,
        Metrics = new ExperimentResult([new SampleResult("S1", 0.5, [.. (classes ?? LabelSet.Paper.Names).Select(_ => 0.5)], [], 10, 0.1)],
            0.5, [1], [], 0, 0, 1, 0.1, 1, 1, "cpu", Classes: classes),
    };

    [Fact]
    public void Runs_of_one_label_set_name_its_classes_and_runs_before_classes_the_paper_s()
    {
        Assert.Equal(["outside", "ball"], CompareClasses.Names([Run("a", ["outside", "ball"]), Run("b", ["outside", "ball"])]));
        Assert.Equal(["inside tubule", "tubule", "background"], CompareClasses.Names([Run("a", null)]));
        Assert.Equal(["inside tubule", "tubule", "background"], CompareClasses.Names([]));
    }

    [Fact]
    public void Runs_of_different_label_sets_share_the_names_they_agree_on()
    {
        Assert.Equal(["outside", "label 1", "nucleus"], CompareClasses.Names([Run("a", ["outside", "ball"]), Run("b", ["outside", "cell", "nucleus"])]));
    }
}
