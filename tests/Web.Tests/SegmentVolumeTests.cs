using Bunit;
using MudBlazor;
using UNet3D.Lab.Experiments.Runs;
using UNet3D.Lab.Silo.Models;
using UNet3D.Lab.Tests.Shared;
using UNet3D.Lab.Web.Components;

namespace UNet3D.Lab.Web.Tests;

/// <summary>"Segment a volume" on a completed run: measured datasets' downloads, a chosen dataset, an upload, and a refused upload.</summary>
public sealed class SegmentVolumeTests(LabFixture lab) : LabComponentTest(lab)
{
    private static readonly ExperimentSpec Tiny = new() { Name = "segment test", Model = ModelKind.ThreeD, Iterations = 3, EvaluateEvery = 0 };

    [Fact]
    public async Task Lists_measured_downloads_segments_a_chosen_dataset_and_an_upload_and_names_a_refused_upload()
    {
        var run = await Lab.Completed(Tiny);
        Assert.Equal(ExperimentStatus.Completed, run.Status);
        var control = Render<SegmentVolume>(p => p.Add(x => x.ExperimentId, run.Id).Add(x => x.Measured, Api.MeasuredDatasets.Of(run)));

        Assert.Equal(
            new[] { "phantom-tiny-s1", "phantom-tiny-s2", "phantom-tiny-s3" }.Select(d => $"/api/experiments/{run.Id}/predictions/{d}.nii.gz"),
            control.FindAll("[data-testid=prediction-link]").Select(a => a.GetAttribute("href")));
        Assert.Equal($"/api/experiments/{run.Id}/probabilities/phantom-tiny-s1.nii.gz", control.Find("[data-testid=probabilities-link]").GetAttribute("href"));

        var select = control.FindComponent<MudSelect<string>>();
        // A measured dataset keeps CI short; its files do not exist until this click makes them.
        var labels = Lab.Outputs.Outputs.PathOf(run.Id, "phantom-tiny-s2", probabilities: false);
        Assert.False(File.Exists(labels));
        await control.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync("phantom-tiny-s2"));
        await control.InvokeAsync(() => control.Find("[data-testid=segment-dataset-button]").Click());
        control.WaitForAssertion(() => Assert.Empty(control.FindAll("[data-testid=segment-busy]")), TimeSpan.FromMinutes(2));
        Assert.True(File.Exists(labels), $"{labels} was not made");
        Assert.Equal(3, control.FindAll("[data-testid=prediction-row]").Count);

        var upload = control.FindComponent<Microsoft.AspNetCore.Components.Forms.InputFile>();
        upload.UploadFiles(InputFileContent.CreateFromBinary(NiftiTestFiles.Image(8, 8, 8, channels: 1), "gray.nii"));
        control.WaitForAssertion(() => Assert.Contains("gray.nii: the volume has 1 channel(s)", control.Find("[data-testid=segment-problem]").TextContent), TimeSpan.FromMinutes(1));

        upload.UploadFiles(InputFileContent.CreateFromBinary(NiftiTestFiles.Image(12, 10, 8, channels: 3), "scan.nii"));
        control.WaitForAssertion(() => Assert.Equal(4, control.FindAll("[data-testid=prediction-row]").Count), TimeSpan.FromMinutes(2));
        var row = control.FindAll("[data-testid=prediction-row]")[^1];
        Assert.Equal("scan.nii", row.QuerySelector("td")!.TextContent);
        var href = row.QuerySelector("[data-testid=prediction-link]")!.GetAttribute("href")!;
        var key = href.Split('/')[^1].Replace(".nii.gz", "", StringComparison.Ordinal);
        Assert.StartsWith("upload-", key, StringComparison.Ordinal);
        Assert.True(File.Exists(Lab.Outputs.Outputs.PathOf(run.Id, key, probabilities: false)));
        Assert.Empty(control.FindAll("[data-testid=segment-problem]"));
    }
}
