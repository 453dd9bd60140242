using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Bunit;
using UNet3D.Lab.Silo.Models;
using UNet3D.Lab.Tests.Shared;
using UNet3D.Lab.Web.Components.Pages;

namespace UNet3D.Lab.Web.Tests;

/// <summary>
/// A dataset with its own classes (a ball in a box: outside, ball) through the whole lab: import, training at smoke,
/// metrics, API views and pages that name its classes and never the paper's.
/// </summary>
public sealed class TwoClassDatasetTests(LabFixture lab) : LabComponentTest(lab)
{
    private const int Size = 12;

    private static bool InBall(int i)
    {
        int x = i % Size, y = i / Size % Size, z = i / (Size * Size);
        return (x - 5.5) * (x - 5.5) + (y - 5.5) * (y - 5.5) + (z - 5.5) * (z - 5.5) < 16;
    }

    private static ByteArrayContent File(byte[] bytes) => new(bytes) { Headers = { ContentType = new MediaTypeHeaderValue("application/octet-stream") } };

    private async Task<JsonElement> Import(HttpClient client, string name, string classes)
    {
        using var form = new MultipartFormDataContent
        {
            { File(NiftiTestFiles.Image(Size, Size, Size, 1, i => InBall(i) ? 1f : 0.1f)), "image", $"{name}.nii" },
            { File(NiftiTestFiles.Labels(Size, Size, Size, i => InBall(i) ? 1 : 0)), "labels", $"{name}_labels.nii" },
            { new StringContent(name), "name" },
            { new StringContent(classes), "classes" },
        };
        var response = await client.PostAsync("/api/datasets", form);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static string[] Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];

    [Fact]
    public async Task A_two_class_dataset_trains_at_smoke_with_two_named_class_ious_and_no_page_says_tubule()
    {
        using var client = Lab.CreateClient();
        var dataset = await Import(client, "ball", """["outside","ball"]""");
        var datasetId = dataset.GetProperty("id").GetString()!;
        Assert.Equal(["outside", "ball"], Strings(dataset.GetProperty("classes")));

        var created = await client.PostAsJsonAsync("/api/experiments", new
        {
            name = "ball in a box", model = "3d", preset = "smoke", iterations = 3, evaluateEvery = 2, datasets = new[] { new { id = datasetId } },
        });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        using (var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4)))
        {
            while (await Lab.Experiments.Get(id) is not { IsFinished: true }) await Task.Delay(100, timeout.Token);
        }
        Assert.Equal(ExperimentStatus.Completed, (await Lab.Experiments.Get(id))!.Status);

        var view = await client.GetFromJsonAsync<JsonElement>($"/api/experiments/{id}");
        Assert.Equal(["outside", "ball"], Strings(view.GetProperty("classes")));
        Assert.Equal(1, view.GetProperty("config").GetProperty("headlineClass").GetInt32());
        var metrics = view.GetProperty("metrics");
        Assert.Equal(["outside", "ball"], Strings(metrics.GetProperty("classes")));
        Assert.Equal("ball", metrics.GetProperty("iouClassNames").GetString());
        Assert.Equal(2, metrics.GetProperty("classWeights").GetArrayLength());
        var sample = Assert.Single(metrics.GetProperty("samples").EnumerateArray().ToArray());
        Assert.Equal(2, sample.GetProperty("classIou").GetArrayLength());
        var series = await client.GetFromJsonAsync<JsonElement>($"/api/experiments/{id}/series");
        Assert.Contains(series.EnumerateArray(), s => s.GetProperty("name").GetString() == "validationIou/1");

        var page = Render<ExperimentPage>(p => p.Add(x => x.Id, id));
        page.WaitForAssertion(() => Assert.Equal("completed", page.Find("[data-testid=status]").TextContent.Trim()));
        page.WaitForAssertion(() => Assert.Equal("0 outside, 1 ball", page.Find("[data-testid=classes]").TextContent));
        Assert.Contains("Mean IoU (ball)", page.Find("[data-testid=mean-iou]").TextContent);
        Assert.Equal(["Sample", "IoU outside", "IoU ball", "Dice ball", "Annotated"],
            page.FindAll("[data-testid=sample-table] thead th").Select(h => h.TextContent.Trim()));
        Assert.DoesNotContain("tubule", page.Markup, StringComparison.OrdinalIgnoreCase);

        var datasetPage = Render<DatasetPage>(p => p.Add(x => x.Id, datasetId));
        datasetPage.WaitForAssertion(() => Assert.Equal("0 outside, 1 ball", datasetPage.Find("[data-testid=classes]").TextContent));
        Assert.Contains("amber: outside (0) · magenta: ball (1)", datasetPage.Find("[data-testid=label-legend]").TextContent);
        Assert.DoesNotContain("tubule", datasetPage.Markup, StringComparison.OrdinalIgnoreCase);

        // An ablation over the dataset names its columns after the dataset's classes too.
        var (grid, problems) = await Lab.Ablations.StartGrid(new GridRequest
        {
            Name = "ball grid",
            Base = System.Text.Json.Nodes.JsonNode.Parse($$"""{"model":"3d","preset":"smoke","iterations":2,"datasets":[{"id":"{{datasetId}}"}]}""")!.AsObject(),
            Axes = new() { ["batchNorm"] = System.Text.Json.Nodes.JsonNode.Parse("[true]")!.AsArray() },
        });
        Assert.Empty(problems);
        var ablationPage = Render<AblationPage>(p => p.Add(x => x.Id, grid!.Id));
        ablationPage.WaitForAssertion(() => Assert.Equal("completed", ablationPage.Find("[data-testid=ablation-status]").TextContent.Trim()), TimeSpan.FromMinutes(3));
        var headers = ablationPage.FindAll("[data-testid=groups] th").Select(h => h.TextContent.Trim()).ToArray();
        Assert.Contains("IoU (ball)", headers);
        Assert.Equal(["outside", "ball"], headers.Where(h => h is "outside" or "ball"));
        Assert.DoesNotContain("tubule", ablationPage.Markup, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Training_on_datasets_with_different_class_lists_is_refused_naming_them()
    {
        using var client = Lab.CreateClient();
        var ball = (await Import(client, "ball2", """["outside","ball"]""")).GetProperty("id").GetString()!;
        var cells = (await Import(client, "cells", """["outside","cell"]""")).GetProperty("id").GetString()!;

        foreach (var spec in new object[]
        {
            new { model = "3d", datasets = new[] { new { id = ball } }, testDatasets = new[] { new { id = cells } } },
            new { model = "3d", datasets = new[] { new { id = ball }, new { id = cells } } },
        })
        {
            var response = await client.PostAsJsonAsync("/api/experiments", spec);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var body = await response.Content.ReadAsStringAsync();
            Assert.Contains($"'{cells}' has classes [outside, cell] but '{ball}' has [outside, ball]", body);
        }

        // The phantom's classes are a list too: a two-class test dataset does not fit it.
        var onPhantom = await client.PostAsJsonAsync("/api/experiments", new { model = "3d", testDatasets = new[] { new { id = ball } } });
        Assert.Equal(HttpStatusCode.BadRequest, onPhantom.StatusCode);
        Assert.Contains("the built-in phantom has [inside tubule, tubule, background]", await onPhantom.Content.ReadAsStringAsync());

        // Class fields are checked against the datasets' two classes.
        var weights = await client.PostAsJsonAsync("/api/experiments", new { model = "3d", classWeights = new[] { 1, 1, 1 }, headlineClass = 2, datasets = new[] { new { id = ball } } });
        Assert.Equal(HttpStatusCode.BadRequest, weights.StatusCode);
        var problems = (await weights.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Contains("needs 2 finite", problems.GetProperty("classWeights")[0].GetString());
        Assert.Contains("from 0 to 1", problems.GetProperty("headlineClass")[0].GetString());
    }
}
