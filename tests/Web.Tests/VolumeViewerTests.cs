using Bunit;
using UNet3D.Lab.Silo.Datasets;
using UNet3D.Lab.Web.Access;
using UNet3D.Lab.Web.Components;
using UNet3D.Lab.Web.Components.Pages;

namespace UNet3D.Lab.Web.Tests;

/// <summary>The viewer's state lives in the page's URL; the painting panel is for editors. (Chromium draws it: Browser.Tests.)</summary>
public sealed class VolumeViewerTests(LabFixture lab) : LabComponentTest(lab)
{
    private const string Dataset = "phantom-tiny-s1";

    private static readonly VolumeShown Shown = new(
        Dims: [48, 48, 24], CalMin: 0, CalMax: 0.5, GlobalMin: 0, GlobalMax: 0.8,
        Classes: ["inside tubule", "tubule", "background"], ClassColours: ["#ffc107", "#e91e63", "#2196f3"], Headline: 1,
        Legend: [new("0 inside tubule", "#ffc107", "labels"), new("1 tubule", "#e91e63", "labels"), new("2 background", "#2196f3", "labels")],
        Problems: [], Planes: 0);

    private async Task<IRenderedComponent<DatasetPage>> Open(string query)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        while ((await Lab.Datasets.Find(Dataset)) is not { IsReady: true }) await Task.Delay(100, timeout.Token);
        Context.JSInterop.SetupModule(VolumeViewer.ModulePath).Setup<VolumeShown?>("show", _ => true).SetResult(Shown);
        Navigation.NavigateTo($"/datasets/{Dataset}{query}");
        var page = Render<DatasetPage>(p => p.Add(x => x.Id, Dataset));
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=viewer-legend]")));
        return page;
    }

    [Fact]
    public async Task A_link_with_view_and_opacity_opens_that_view_and_choosing_another_keeps_the_rest_of_the_url()
    {
        var page = await Open("?view=axial&opacity=0.3");
        var canvas = page.Find("[data-testid=viewer-canvas]");
        Assert.Equal(("axial", "0.3", Dataset), (canvas.GetAttribute("data-view"), canvas.GetAttribute("data-opacity"), canvas.GetAttribute("data-dataset")));
        Assert.Equal("true", page.Find("[data-testid=view-axial]").GetAttribute("aria-pressed"));
        Assert.Equal("false", page.Find("[data-testid=view-render]").GetAttribute("aria-pressed"));

        page.Find("[data-testid=view-render]").Click();
        page.WaitForAssertion(() => Assert.Contains("view=render", Navigation.Uri));
        Assert.Contains("opacity=0.3", Navigation.Uri);
        Assert.Contains($"/datasets/{Dataset}?", Navigation.Uri);
    }

    [Fact]
    public async Task Unknown_view_and_out_of_range_opacity_fall_back_to_what_the_viewer_can_show()
    {
        var page = await Open("?view=sideways&opacity=7");
        var canvas = page.Find("[data-testid=viewer-canvas]");
        Assert.Equal((VolumeViews.Multiplanar, "1"), (canvas.GetAttribute("data-view"), canvas.GetAttribute("data-opacity")));
    }

    [Fact]
    public async Task Legend_names_the_classes_the_script_reports_and_the_downloads_link_the_nifti_files()
    {
        var page = await Open("");
        Assert.Equal(["0 inside tubule", "1 tubule", "2 background"], page.FindAll("[data-testid=viewer-legend] .lab-viewer-legend-entry").Select(e => e.TextContent.Trim()));
        Assert.Equal($"/api/datasets/{Dataset}/image.nii.gz", page.Find("[data-testid=download-image]").GetAttribute("href"));
        Assert.Equal($"/api/datasets/{Dataset}/labels.nii.gz", page.Find("[data-testid=download-overlay]").GetAttribute("href"));
    }

    [Fact]
    public async Task Editors_get_the_painting_panel_and_viewers_do_not()
    {
        var page = await Open("");
        Assert.NotEmpty(page.FindAll("[data-testid=start-painting]"));
        Assert.NotEmpty(page.FindAll("[data-testid=train-on-slices]"));

        Authorization.SetRoles(LabRoles.Viewer);
        Authorization.SetPolicies(LabPolicies.View, LabPolicies.Page);
        var viewerPage = Render<DatasetPage>(p => p.Add(x => x.Id, Dataset));
        viewerPage.WaitForAssertion(() => Assert.NotEmpty(viewerPage.FindAll("[data-testid=viewer-legend]")));
        Assert.Empty(viewerPage.FindAll("[data-testid=painter]"));
    }
}
