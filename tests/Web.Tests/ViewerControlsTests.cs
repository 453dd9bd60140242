using Bunit;
using UNet3D.Lab.Experiments.Runs;
using UNet3D.Lab.Web.Access;
using UNet3D.Lab.Web.Components.Pages;

namespace UNet3D.Lab.Web.Tests;

/// <summary>A viewer's experiment page: everything to read, no control that changes the run.</summary>
public sealed class ViewerControlsTests(LabFixture lab) : LabComponentTest(lab)
{
    [Fact]
    public async Task Viewer_sees_the_run_without_cancel_rename_tag_or_note_controls_and_an_editor_sees_them()
    {
        var queued = (await Lab.Experiments.Create(new ExperimentSpec { Name = "viewed run", Model = ModelKind.ThreeD, Iterations = 100_000 })).Id;
        try
        {
            Authorization.SetRoles(LabRoles.Viewer);
            Authorization.SetPolicies(LabPolicies.View, LabPolicies.Page);
            var page = Render<ExperimentPage>(p => p.Add(x => x.Id, queued));
            page.WaitForAssertion(() => Assert.Contains("viewed run", page.Find("#page-title").TextContent));

            foreach (var control in new[] { "cancel", "rename", "edit-note", "tag-input" })
                Assert.Empty(page.FindAll($"[data-testid={control}]"));

            Authorization.SetRoles(LabRoles.Editor);
            var editorPage = Render<ExperimentPage>(p => p.Add(x => x.Id, queued));
            editorPage.WaitForAssertion(() => Assert.NotEmpty(editorPage.FindAll("[data-testid=cancel]")));
            foreach (var control in new[] { "rename", "edit-note" })
                Assert.NotEmpty(editorPage.FindAll($"[data-testid={control}]"));
        }
        finally
        {
            await Lab.Experiments.Cancel(queued);
        }
    }
}
