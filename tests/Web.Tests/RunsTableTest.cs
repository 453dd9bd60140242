using System.Globalization;
using Bunit;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;
using MudBlazor;
using UNet3D.Lab.Experiments.Runs;
using UNet3D.Lab.Silo.Models;
using UNet3D.Lab.Web.Components.Pages;

namespace UNet3D.Lab.Web.Tests;

/// <summary>
/// What the tests of the runs table share: runs made for one test and tagged with a tag of its own (so that each test
/// filters out the runs of the others), the page's URL parameters and what its rows show.
/// </summary>
public abstract class RunsTableTest(LabFixture lab) : LabComponentTest(lab)
{
    protected static readonly ExperimentSpec Smoke = new() { Model = ModelKind.ThreeD, Iterations = 2 };

    protected static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..20];

    /// <summary>
    /// Runs named "{prefix} 0", "{prefix} 1", … oldest first, tagged <paramref name="tag"/>; their ids in that order.
    /// Untrained ones are cancelled at once and waited for (a run that had started stops at its next step; it has too
    /// many steps to finish first), so they end cancelled and hold no training slot.
    /// </summary>
    protected async Task<string[]> Tagged(string tag, int count, bool trained, Func<int, string>? name = null, Func<int, ExperimentSpec, ExperimentSpec>? vary = null)
    {
        var prefix = tag.Split('-')[0];
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var spec = Smoke with { Name = name?.Invoke(i) ?? $"{prefix} {i}", Seed = i + 1 };
            spec = vary?.Invoke(i, spec) ?? spec;
            var run = trained ? await Lab.Completed(spec) : await Cancelled(spec with { Iterations = 100_000 });
            await Lab.Experiments.Annotate(run.Id, new RunAnnotation { Tags = [tag] });
            ids.Add(run.Id);
        }
        return [.. ids];
    }

    private async Task<ExperimentSnapshot> Cancelled(ExperimentSpec spec)
    {
        var run = await Lab.Experiments.Create(spec);
        await Lab.Experiments.Cancel(run.Id);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            if (await Lab.Experiments.Get(run.Id) is { IsFinished: true } finished) return finished;
            await Task.Delay(50, timeout.Token);
        }
    }

    protected Dictionary<string, StringValues> Query() => QueryHelpers.ParseQuery(new Uri(Navigation.Uri).Query);

    protected static string[] Names(IRenderedComponent<ExperimentsPage> page) =>
        page.FindAll("[data-testid=run-row] a").Select(a => a.TextContent.Trim()).ToArray();

    protected static string?[] Ids(IRenderedComponent<ExperimentsPage> page) =>
        page.FindAll("[data-testid=run-row]").Select(r => r.GetAttribute("data-id")).ToArray();

    protected static double[] Ious(IRenderedComponent<ExperimentsPage> page) =>
        page.FindAll("[data-testid=run-mean-iou]").Select(e => double.Parse(e.TextContent, CultureInfo.InvariantCulture)).ToArray();

    /// <summary>The filter select tagged <paramref name="testId"/>.</summary>
    protected static MudSelect<string> Select(IRenderedComponent<ExperimentsPage> page, string testId) =>
        page.FindComponents<MudSelect<string>>().Select(s => s.Instance)
            .Single(s => s.UserAttributes.TryGetValue("data-testid", out var id) && Equals(id, testId));
}
