using UNet3D.Lab.Experiments.Runs;
using UNet3D.Lab.Silo.Grains;
using UNet3D.Lab.Silo.Models;
using UNet3D.Lab.Silo.Runs;

namespace UNet3D.Lab.Silo.Tests;

/// <summary>Renaming, tagging and noting a run, and recording the ablations that use it, through its grain.</summary>
public sealed class ExperimentAnnotationTests : IdleLabTest
{
    [Fact]
    public async Task Annotation_changes_the_fields_it_names_and_the_run_index_row()
    {
        var grain = await TestRuns.Submit(Cluster.Client, TestRuns.Spec("before"));

        var annotated = await grain.Annotate(new RunAnnotation { Name = "  after  ", Tags = [" lr:0.005 ", "Sweep", "sweep", "SWEEP", "v1.2_b"], Note = "# Why\n*because*" });

        Assert.NotNull(annotated);
        Assert.Equal("after", annotated.Config.Name);
        Assert.Equal(["lr:0.005", "Sweep", "v1.2_b"], annotated.Tags);
        Assert.Equal("# Why\n*because*", annotated.Note);
        var row = Assert.Single((await Runs.Query(RunQuery.Default with { Tag = "sweep" })).Items);
        Assert.Equal(("after", true), (row.Name, row.HasNote));
        Assert.Equal(["lr:0.005", "Sweep", "v1.2_b"], row.Tags);

        // Fields left out stay; an empty note removes the note; [] removes every tag.
        var renamed = await grain.Annotate(new RunAnnotation { Name = "again" });
        Assert.Equal(("again", "# Why\n*because*"), (renamed!.Config.Name, renamed.Note));
        Assert.Equal(3, renamed.Tags.Length);
        var cleared = await grain.Annotate(new RunAnnotation { Tags = [], Note = "" });
        Assert.Equal(("again", null), (cleared!.Config.Name, cleared.Note));
        Assert.Empty(cleared.Tags);
        Assert.False(Assert.Single((await Runs.Query(RunQuery.Default)).Items).HasNote);
        Assert.Equal(0, (await Runs.Query(RunQuery.Default with { Tag = "sweep" })).Total);
    }

    [Theory]
    [InlineData("name", "", null, null)]
    [InlineData("name", "   ", null, null)]
    [InlineData("tags", null, "a/b", null)]
    [InlineData("tags", null, "", null)]
    [InlineData("tags", null, "x1234567890123456789012345678901234567890", null)]
    [InlineData("note", null, null, 20_001)]
    public async Task Invalid_annotation_is_refused_naming_the_field_and_changes_nothing(string field, string? name, string? tag, int? noteLength)
    {
        var grain = await TestRuns.Submit(Cluster.Client, TestRuns.Spec("unchanged"));
        var annotation = new RunAnnotation
        {
            Name = name,
            Tags = tag is null ? null : ["fine", tag],
            Note = noteLength is { } length ? new string('n', length) : null,
        };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => grain.Annotate(annotation));

        Assert.Contains($"{field}: ", error.Message);
        var snapshot = await grain.Get();
        Assert.Equal(("unchanged", null), (snapshot!.Config.Name, snapshot.Note));
        Assert.Empty(snapshot.Tags);
    }

    [Fact]
    public async Task Longest_name_tags_and_note_are_accepted_and_one_more_is_refused()
    {
        var grain = await TestRuns.Submit(Cluster.Client, TestRuns.Spec("limits"));
        var tags = Enumerable.Range(0, RunAnnotation.MaxTags).Select(i => $"tag {i}").ToArray();
        var longest = new RunAnnotation
        {
            Name = new string('n', RunAnnotation.MaxNameLength),
            Tags = [.. tags[1..], new string('t', RunAnnotation.MaxTagLength)],
            Note = new string('m', RunAnnotation.MaxNoteLength),
        };
        Assert.Equal(RunAnnotation.MaxTags, (await grain.Annotate(longest))!.Tags.Length);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => grain.Annotate(new RunAnnotation { Tags = [.. tags, "one more"] }));
        Assert.Contains("tags: at most 20 tags, not 21", error.Message);
        await Assert.ThrowsAsync<ArgumentException>(() => grain.Annotate(new RunAnnotation { Name = new string('n', RunAnnotation.MaxNameLength + 1) }));
    }

    [Fact]
    public async Task Joining_an_ablation_twice_records_it_once_and_the_row_lists_it()
    {
        var grain = await TestRuns.Submit(Cluster.Client, TestRuns.Spec("shared"));

        await grain.JoinAblation("abl-first");
        await grain.JoinAblation("abl-second");
        var again = await grain.JoinAblation("abl-first");

        Assert.Equal(["abl-first", "abl-second"], again!.Ablations);
        Assert.Equal(["abl-first", "abl-second"], (await grain.Get())!.Ablations);
        var row = Assert.Single((await Runs.Query(RunQuery.Default with { Ablation = "abl-second" })).Items);
        Assert.Equal(grain.GetPrimaryKeyString(), row.Id);
        Assert.Equal(["abl-first", "abl-second"], row.Ablations);
        await Assert.ThrowsAsync<ArgumentException>(() => grain.JoinAblation(" "));
    }

    [Fact]
    public async Task Unknown_run_cannot_be_annotated_or_joined()
    {
        var grain = Cluster.Client.GetGrain<IExperimentGrain>(ExperimentIds.New());
        Assert.Null(await grain.Annotate(new RunAnnotation { Name = "ghost" }));
        Assert.Null(await grain.JoinAblation("abl-ghost"));
        Assert.Null(await grain.Get());
        Assert.Equal(0, (await Runs.Query(RunQuery.Default)).Total);
    }
}
