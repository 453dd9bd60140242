using System.Text.Json;
using UNet3D.Lab.Experiments.Data;
using UNet3D.Lab.Silo.Datasets;
using UNet3D.Lab.Tests.Shared;

namespace UNet3D.Lab.Silo.Tests;

/// <summary>Imports that declare their classes (<c>classes</c>), and the refusals of bad class lists and labels outside them.</summary>
public sealed class DatasetClassesTests : DatasetStoreTest
{
    private DatasetImportRequest TwoClasses(Func<int, float> label, string kind = "dense", string? unlabeled = null, string classes = """["outside","ball"]""") =>
        WithLabels(NiftiTestFiles.Labels(X, Y, Z, label), kind, unlabeled) with { Classes = classes };

    [Fact]
    public void A_two_class_import_stores_its_classes_and_reads_them_back()
    {
        var store = OpenStore();
        var info = store.Import(TwoClasses(i => i % 2));

        Assert.Equal(["outside", "ball"], info.Classes!);
        Assert.Equal(2, info.LabelSet.Count);
        // Outside, ball, then the unlabeled voxels.
        Assert.Equal([(X * Y * Z + 1) / 2, X * Y * Z / 2, 0L], info.LabelHistogram);

        CloseStores();
        var reopened = OpenStore();
        Assert.Equal(["outside", "ball"], reopened.Find(info.Id)!.Classes!);
        Assert.Equal(new LabelSet(["outside", "ball"]), reopened.Load(info.Id).LabelSet);
    }

    [Fact]
    public void Imports_without_classes_and_records_stored_before_them_hold_the_paper_classes()
    {
        var store = OpenStore();
        var info = store.Import(WithLabels(NiftiTestFiles.Labels(X, Y, Z, i => DenseLabel(i)), "dense"));
        Assert.Equal(LabelSet.Paper.Names, info.Classes!);

        var legacy = JsonSerializer.Deserialize<DatasetInfo>("""{"id":"ds-old","name":"old","x":1,"y":1,"z":1,"channels":1,"spacingX":1,"spacingY":1,"spacingZ":1}""",
            new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
        Assert.Null(legacy.Classes);
        Assert.Equal(LabelSet.Paper, legacy.LabelSet);
    }

    [Fact]
    public void More_than_three_classes_keep_class_3_and_store_unlabeled_voxels_as_255()
    {
        var store = OpenStore();
        var info = store.Import(WithLabels(NiftiTestFiles.Labels(X, Y, Z, i => i < 5 ? i : 200), "sparse", "200")
            with { Classes = """["a","b","c","d","e"]""" });

        var volume = store.Load(info.Id);
        Assert.Equal([0, 1, 2, 3, 4, 255], volume.Labels.Take(6));
        Assert.Equal(5, info.LabeledVoxels);
        Assert.Equal(200, info.UnlabeledValue);
    }

    [Theory]
    [InlineData("""["one"]""", "classes", "2 to 16 class names, not 1")]
    [InlineData("""["a","b","c","d","e","f","g","h","i","j","k","l","m","n","o","p","q"]""", "classes", "not 17")]
    [InlineData("""["ball","ball"]""", "classes", "\"ball\" appears 2 times")]
    [InlineData("""["outside",""]""", "classes", "class 1 has an empty name")]
    [InlineData("""["outside",null]""", "classes", "class 1 has an empty name")]
    [InlineData("outside,ball", "classes", "JSON list")]
    [InlineData("""{"0":"outside"}""", "classes", "JSON list")]
    public void Bad_class_lists_are_refused_naming_the_field(string classes, string field, string reason)
    {
        var store = OpenStore();
        var error = Assert.Throws<DatasetImportException>(() => store.Import(TwoClasses(i => i % 2, classes: classes)));
        Assert.Equal(field, error.Field);
        Assert.Contains(reason, error.Message);
        AssertNothingStored(store);
    }

    [Fact]
    public void A_label_outside_the_classes_is_refused_naming_the_value_and_the_classes()
    {
        var store = OpenStore();
        var error = Assert.Throws<DatasetImportException>(() => store.Import(TwoClasses(i => i == 7 ? 2 : 1)));
        Assert.Equal("labels", error.Field);
        Assert.Contains("= 2 is not a label", error.Message);
        Assert.Contains("0 (outside) or 1 (ball)", error.Message);
        AssertNothingStored(store);
    }

    [Fact]
    public void An_unlabeled_value_that_is_a_class_index_is_refused()
    {
        var store = OpenStore();
        var error = Assert.Throws<DatasetImportException>(() => store.Import(TwoClasses(i => 1, "sparse", "1")));
        Assert.Equal("unlabeledValue", error.Field);
        Assert.Contains("1 ball", error.Message);
        // 2 is no class of a two-class set: it may mark unannotated voxels.
        var info = store.Import(TwoClasses(i => i < 4 ? 1 : 2, "sparse", "2"));
        Assert.Equal(4, info.LabeledVoxels);
    }
}
