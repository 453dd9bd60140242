using System.Text.Json.Nodes;
using AngleSharp.Dom;
using Bunit;
using UNet3D.Lab.Experiments.Runs;
using UNet3D.Lab.Silo.Models;
using UNet3D.Lab.Web.Components.Pages;

namespace UNet3D.Lab.Web.Tests;

/// <summary>
/// What a researcher writes about a run on its page (tags, a Markdown note, its name), saved through the lab and
/// read back from it; a value the lab refuses is named at its field and nothing is saved.
/// </summary>
public sealed class RunNotesTests(LabFixture lab) : LabComponentTest(lab)
{
    [Fact]
    public async Task The_note_is_edited_saved_and_shown_as_markdown_with_its_html_as_text()
    {
        var run = await CancelledRun("noted run");
        var page = Render<ExperimentPage>(p => p.Add(x => x.Id, run));
        page.WaitForAssertion(() => Assert.Contains("No note yet", page.Find("[data-testid=note]").TextContent));

        page.Find("[data-testid=edit-note]").Click();
        const string note = "Tried **BN off**. <script>alert('x')</script>";
        NoteField(page).Change(note);
        page.Find("[data-testid=save-note]").Click();

        page.WaitForAssertion(() => Assert.Equal("BN off", page.Find("[data-testid=note] strong").TextContent));
        Assert.Empty(page.FindAll("[data-testid=note] script"));
        Assert.Contains("<script>alert('x')</script>", page.Find("[data-testid=note]").TextContent);
        Assert.Empty(page.FindAll("[data-testid=note-field]"));
        Assert.Equal(note, (await Lab.Experiments.Get(run))!.Note);

        // Editing again starts from the saved text; cancelling keeps it.
        page.Find("[data-testid=edit-note]").Click();
        Assert.Equal(note, NoteField(page).GetAttribute("value") ?? NoteField(page).TextContent);
        page.Find("[data-testid=cancel-note]").Click();
        page.WaitForAssertion(() => Assert.Equal("BN off", page.Find("[data-testid=note] strong").TextContent));
    }

    [Fact]
    public async Task A_note_too_long_is_refused_at_its_field_and_nothing_is_saved()
    {
        var run = await CancelledRun("long note");
        var page = Render<ExperimentPage>(p => p.Add(x => x.Id, run));
        page.WaitForAssertion(() => page.Find("[data-testid=edit-note]").Click());

        NoteField(page).Change(new string('x', RunAnnotation.MaxNoteLength + 1));
        page.Find("[data-testid=save-note]").Click();

        page.WaitForAssertion(() => Assert.Contains("must be at most 20000 characters, not 20001", page.Find("[data-testid=run-notes]").TextContent));
        Assert.Single(page.FindAll("[data-testid=note-field]"));
        Assert.Null((await Lab.Experiments.Get(run))!.Note);
    }

    [Fact]
    public async Task Tags_are_added_with_enter_a_bad_one_is_named_and_a_chip_removes_its_tag()
    {
        var run = await CancelledRun("tagged run");
        var page = Render<ExperimentPage>(p => p.Add(x => x.Id, run));
        page.WaitForAssertion(() => InputOf(page, "tag-input"));

        await AddTag(page, "baseline");
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=tag-chip][data-tag=baseline]")));
        Assert.Equal(["baseline"], (await Lab.Experiments.Get(run))!.Tags);
        page.WaitForAssertion(() => Assert.Equal("", InputOf(page, "tag-input").GetAttribute("value") ?? ""));

        await AddTag(page, "bn/off");
        page.WaitForAssertion(() => Assert.Contains("'bn/off' has '/'; a tag has only letters", page.Find("[data-testid=run-notes]").TextContent));
        Assert.Equal(["baseline"], (await Lab.Experiments.Get(run))!.Tags);

        page.Find("[data-testid=tag-chip][data-tag=baseline] .mud-chip-close-button").Click();
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=tag-chip]")));
        Assert.Empty((await Lab.Experiments.Get(run))!.Tags);
    }

    [Fact]
    public async Task Renaming_changes_the_title_and_an_empty_name_is_refused()
    {
        var run = await CancelledRun("old name");
        var page = Render<ExperimentPage>(p => p.Add(x => x.Id, run));
        page.WaitForAssertion(() => page.Find("[data-testid=rename]").Click());

        NameField(page).Change("  ");
        page.Find("[data-testid=save-name]").Click();
        page.WaitForAssertion(() => Assert.Contains("must be 1 to 200 characters, not 0", page.Find("[data-testid=run-notes]").TextContent));
        Assert.Equal("old name", (await Lab.Experiments.Get(run))!.Config.Name);

        NameField(page).Change("new name");
        page.Find("[data-testid=save-name]").Click();
        page.WaitForAssertion(() => Assert.Equal("new name", page.Find("#page-title").TextContent));
        Assert.Equal("new name", (await Lab.Experiments.Get(run))!.Config.Name);
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=name-field]")));
    }

    [Fact]
    public async Task The_ablations_a_run_belongs_to_are_named_and_linked()
    {
        var (grid, problems) = await Lab.Ablations.StartGrid(new GridRequest
        {
            Name = "notes grid",
            Base = JsonNode.Parse("""{"model":"3d","iterations":1}""")!.AsObject(),
            Axes = new() { ["batchNorm"] = JsonNode.Parse("[true,false]")!.AsArray() },
            Seeds = 1,
            Fresh = true,
        });
        Assert.Empty(problems);
        var run = await FirstRunOf(grid!.Id);

        var page = Render<ExperimentPage>(p => p.Add(x => x.Id, run));
        page.WaitForAssertion(() => Assert.Equal("notes grid", page.Find("[data-testid=run-ablation]").TextContent.Trim()));
        Assert.Equal($"/ablations/{grid.Id}", page.Find("[data-testid=run-ablation]").GetAttribute("href"));
    }

    [Fact]
    public async Task A_run_in_no_ablation_shows_no_ablation_line()
    {
        var run = await CancelledRun("alone");
        var page = Render<ExperimentPage>(p => p.Add(x => x.Id, run));
        page.WaitForAssertion(() => page.Find("[data-testid=run-notes]"));
        Assert.Empty(page.FindAll("[data-testid=run-ablations]"));
    }

    private async Task<string> CancelledRun(string name)
    {
        var run = await Lab.Experiments.Create(new ExperimentSpec { Name = name, Model = ModelKind.ThreeD, Iterations = 2 });
        await Lab.Experiments.Cancel(run.Id);
        return run.Id;
    }

    private async Task<string> FirstRunOf(string ablationId)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var ablation = await Lab.Ablations.Get(ablationId);
            if (ablation?.Cells.SelectMany(c => c.Runs).Select(r => r.ExperimentId).FirstOrDefault(id => id is not null) is { } id
                && (await Lab.Experiments.Get(id))!.Ablations.Contains(ablationId))
                return id;
            await Task.Delay(100, timeout.Token);
        }
    }

    private static async Task AddTag(IRenderedComponent<ExperimentPage> page, string tag)
    {
        InputOf(page, "tag-input").Input(tag);
        await page.InvokeAsync(() => InputOf(page, "tag-input").KeyDown("Enter"));
    }

    // A click's handler may finish after Click() returns (MudBlazor's buttons await): wait for what it shows.
    private static IElement NoteField(IRenderedComponent<ExperimentPage> page) =>
        page.WaitForElement("textarea[data-testid=note-field], [data-testid=note-field] textarea");

    private static IElement NameField(IRenderedComponent<ExperimentPage> page) =>
        page.WaitForElement("input[data-testid=name-field], [data-testid=name-field] input");
}
