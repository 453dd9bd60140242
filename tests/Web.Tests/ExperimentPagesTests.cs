using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using UNet3D.Lab.Experiments.Runs;
using UNet3D.Lab.Silo.Models;
using UNet3D.Lab.Web.Components;
using UNet3D.Lab.Web.Components.Pages;

namespace UNet3D.Lab.Web.Tests;

public sealed class ExperimentPagesTests(LabFixture lab) : LabComponentTest(lab)
{
    private static readonly ExperimentSpec Smoke = new() { Name = "page test", Model = ModelKind.ThreeD, Iterations = 12, EvaluateEvery = 5 };

    [Fact]
    public async Task Completed_experiment_page_shows_config_curves_and_per_sample_iou()
    {
        var experiment = await Lab.Completed(Smoke);
        var page = Render<ExperimentPage>(p => p.Add(x => x.Id, experiment.Id));

        page.WaitForAssertion(() => Assert.Equal("page test", page.Find("#page-title").TextContent));
        Assert.Equal("completed", page.Find("[data-testid=status]").TextContent.Trim());
        Assert.Equal("12", page.Find("[data-testid=loss-curve]").GetAttribute("data-points"));
        Assert.Equal("3", page.Find("[data-testid=validation-iou]").GetAttribute("data-points")); // steps 5, 10 and 12
        Assert.Contains($"best {experiment.BestValidationIou:F3}", page.Find("[data-testid=best-validation-iou]").TextContent);
        Assert.Contains($"loss {experiment.LastLoss:F4}", page.Find("[data-testid=step]").TextContent);
        Assert.EndsWith($"/experiments/{experiment.Id}", InputOf(page, "share-link").GetAttribute("value"));
        Assert.Contains("3D U-Net", page.Find("[data-testid=config]").TextContent);
        Assert.Equal("fp32", page.Find("[data-testid=precision]").TextContent);
        Assert.Contains(experiment.Metrics!.MeanIoU.ToString("F3"), page.Find("[data-testid=mean-iou]").TextContent);
        var rows = page.FindAll("[data-testid=sample-table] tbody tr");
        Assert.Equal(["S1", "S2", "S3"], rows.Select(r => r.Children[0].TextContent));
        Assert.Empty(page.FindAll("[data-testid=cancel]"));
    }

    [Fact]
    public async Task A_page_opened_before_training_follows_the_run_to_its_end_by_push()
    {
        // Opened while queued: the page reads nothing again, so every later change must reach it from the grain.
        var queued = await Lab.Experiments.Create(Smoke with { Name = "followed page" });
        var page = Render<ExperimentPage>(p => p.Add(x => x.Id, queued.Id));
        page.WaitForAssertion(() => Assert.Equal("followed page", page.Find("#page-title").TextContent));

        page.WaitForAssertion(() => Assert.Equal("completed", page.Find("[data-testid=status]").TextContent.Trim()), TimeSpan.FromMinutes(4));
        page.WaitForAssertion(() => Assert.Equal("12", page.Find("[data-testid=loss-curve]").GetAttribute("data-points")));
        Assert.Equal("3", page.Find("[data-testid=validation-iou]").GetAttribute("data-points"));
        var finished = await Lab.Experiments.Get(queued.Id);
        Assert.Contains(finished!.Metrics!.MeanIoU.ToString("F3"), page.Find("[data-testid=mean-iou]").TextContent);
    }

    [Fact]
    public void Unknown_experiment_says_so()
    {
        var page = Render<ExperimentPage>(p => p.Add(x => x.Id, "exp-doesnotexist"));
        page.WaitForAssertion(() => Assert.Contains("exp-doesnotexist", page.Find("[data-testid=not-found]").TextContent));
    }

    [Fact]
    public async Task List_links_each_experiment_to_its_page()
    {
        var experiment = await Lab.Experiments.Create(Smoke with { Name = "listed", Iterations = 3 });
        var page = Render<ExperimentsPage>();
        page.WaitForAssertion(() =>
        {
            var link = page.FindAll("[data-testid=runs-table] a").Single(a => a.TextContent == "listed");
            Assert.Equal($"/experiments/{experiment.Id}", link.GetAttribute("href"));
        });
    }

    [Fact]
    public void New_experiment_form_names_the_invalid_field_and_stays()
    {
        var navigation = Navigation;
        var form = Render<NewExperimentPage>();
        foreach (var axis in new[] { "x", "y", "z" })
            InputOf(form, $"slices-{axis}").Change("0");
        form.Find("[data-testid=start]").Click();

        form.WaitForAssertion(() => Assert.Contains("at least one slice must be annotated", form.Markup));
        Assert.DoesNotContain("/experiments/exp-", navigation.Uri);
    }

    [Fact]
    public async Task New_experiment_form_starts_training_and_opens_the_experiment()
    {
        var navigation = Navigation;
        var form = Render<NewExperimentPage>();
        InputOf(form, "name").Change("from the form");
        InputOf(form, "iterations").Change("5");
        form.Find("[data-testid=start]").Click();

        form.WaitForAssertion(() => Assert.Matches("/experiments/exp-[a-z0-9]+$", navigation.Uri));
        var id = navigation.Uri[(navigation.Uri.LastIndexOf('/') + 1)..];
        var created = await Lab.Experiments.Get(id);
        Assert.NotNull(created);
        Assert.Equal("from the form", created.Config.Name);
        Assert.Equal(5, created.TotalSteps);
    }

    [Fact]
    public async Task Advanced_fields_write_the_training_settings_of_the_spec()
    {
        var spec = new ExperimentSpec { Model = ModelKind.ThreeD, Preset = "cpu" };
        var fields = Render<AdvancedTrainingFields>(p => p
            .Add(x => x.Spec, spec)
            .Add(x => x.Preset, Experiments.Presets.ExperimentPresets.Cpu)
            .Add(x => x.SpecChanged, changed => spec = changed));
        Assert.Contains("preset default (Adam)", fields.Markup);
        Assert.Contains("preset default: 500; 0: only after the last step", fields.Markup);

        // The page holds the spec: after each change it renders the fields again with the new one.
        void Set(string testId, object value)
        {
            InputOf(fields, testId).Change(value);
            fields.Render(p => p.Add(x => x.Spec, spec));
        }
        Set("learning-rate", "0.02");
        Set("gradient-clip-norm", "0");
        Set("bn-batch-stats", true);
        Set("evaluate-every", "40");
        Set("own-class-weights", true);
        Set("class-weight-2", "0.25");
        Assert.Contains("Precision of the convolutions", fields.Markup);
        var precision = fields.FindComponents<MudBlazor.MudSelect<string>>().Single(s => s.Markup.Contains("data-testid=\"precision\"", StringComparison.Ordinal));
        await fields.InvokeAsync(() => precision.Instance.SelectOption("bf16"));
        fields.Render(p => p.Add(x => x.Spec, spec));

        Assert.Equal(0.02, spec.LearningRate);
        Assert.Equal(0, spec.GradientClipNorm);
        Assert.True(spec.BatchStatisticsAtInference);
        Assert.Equal(40, spec.EvaluateEvery);
        Assert.Equal([1f, 1f, 0.25f], spec.ClassWeights);
        Assert.Equal(Experiments.Training.Precision.Bf16, spec.Precision);
        Assert.Null(spec.Optimizer); // untouched: the preset's
    }

    [Fact]
    public void Advanced_field_shows_the_problem_that_names_it()
    {
        var fields = Render<AdvancedTrainingFields>(p => p
            .Add(x => x.Spec, new ExperimentSpec { Model = ModelKind.ThreeD, LearningRate = -1 })
            .Add(x => x.Preset, Experiments.Presets.ExperimentPresets.Smoke)
            .Add(x => x.Problems, [new SpecProblem("learningRate", "must be positive and at most 10, not -1")]));
        Assert.Contains("must be positive and at most 10, not -1", fields.Find("[data-testid=learning-rate]").Closest(".mud-input-control")!.TextContent);
    }

    [Theory]
    [InlineData(ExperimentStatus.Running, "running")]
    [InlineData(ExperimentStatus.Failed, "failed")]
    public void Status_chip_shows_the_status(ExperimentStatus status, string text)
    {
        var chip = Render<StatusChip>(p => p.Add(x => x.Status, status));
        Assert.Equal(text, chip.Find("[data-testid=status]").TextContent.Trim());
    }

    [Fact]
    public async Task New_experiment_too_long_for_the_lab_shows_the_estimate_and_starts_only_when_told_to()
    {
        // A 36 ms limit: 20 steps of the smoke network are over it.
        LimitRunsTo(0.00001);
        var navigation = Navigation;
        var form = Render<NewExperimentPage>();
        InputOf(form, "name").Change("too long");
        InputOf(form, "iterations").Change("20");
        await form.InvokeAsync(() => form.Find("[data-testid=start]").Click());

        AssertRefusedForLength(form);
        Assert.DoesNotContain("/experiments/exp-", navigation.Uri);

        await form.InvokeAsync(() => form.Find("[data-testid=start-anyway]").Click());
        form.WaitForAssertion(() => Assert.Matches("/experiments/exp-[a-z0-9]+$", navigation.Uri));
        var id = navigation.Uri[(navigation.Uri.LastIndexOf('/') + 1)..];
        Assert.Equal("too long", (await Lab.Experiments.Cancel(id))!.Config.Name);
    }
}
