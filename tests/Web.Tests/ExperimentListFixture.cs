using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using UNet3D.Lab.Experiments.Runs;
using UNet3D.Lab.Silo.Grains;
using UNet3D.Lab.Silo.Models;
using UNet3D.Lab.Silo.Series;
using UNet3D.Lab.Tests.Shared;

namespace UNet3D.Lab.Web.Tests;

/// <summary>
/// A lab without workers and three runs made through the API, oldest first: alpha (3d, smoke, completed: mean IoU
/// 0.7, final loss 0.4, 10 s, ablation abl-x), beta (2d without BN, cpu, completed: 0.9, 0.3, 12 s), gamma (3d,
/// smoke, queued, tag todo and a note). The fixture completes runs by reporting for them as a worker would.
/// </summary>
public sealed class ExperimentListFixture : IAsyncLifetime
{
    private readonly LabWebApplicationFactory lab = new(workerSlots: 0);

    public HttpClient Client { get; private set; } = null!;

    /// <summary>Run name → id.</summary>
    public Dictionary<string, string> Ids { get; } = [];

    public async Task InitializeAsync()
    {
        Client = lab.CreateClient();
        var grains = lab.Services.GetRequiredService<IGrainFactory>();
        Ids["alpha"] = await Create(new { name = "alpha", model = "3d", preset = "smoke", iterations = 4 });
        Ids["beta"] = await Create(new { name = "beta", model = "2d", batchNorm = false, preset = "cpu", iterations = 4 });
        Ids["gamma"] = await Create(new { name = "gamma", model = "3d", preset = "smoke", iterations = 4 });
        await Complete(grains.GetGrain<IExperimentGrain>(Ids["alpha"]), meanIou: 0.7, finalLoss: 0.4, seconds: 10);
        await Complete(grains.GetGrain<IExperimentGrain>(Ids["beta"]), meanIou: 0.9, finalLoss: 0.3, seconds: 12);
        await grains.GetGrain<IExperimentGrain>(Ids["alpha"]).JoinAblation("abl-x");
        await grains.GetGrain<IExperimentGrain>(Ids["gamma"]).Annotate(new RunAnnotation { Tags = ["todo"], Note = "check" });
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await lab.DisposeAsync();
        lab.DeleteData();
    }

    private async Task<string> Create(object spec)
    {
        var created = await Client.PostAsJsonAsync("/api/experiments", spec);
        if (created.StatusCode != HttpStatusCode.Created) throw new InvalidOperationException($"POST /api/experiments: {created.StatusCode}");
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    /// <summary>Reports for the run as its worker would: started, 4 steps, completed.</summary>
    private static async Task Complete(IExperimentGrain grain, double meanIou, double finalLoss, double seconds)
    {
        await grain.ReportStarted(1, "test", "cpu", 0);
        await grain.ReportProgress(1, [new SeriesBatch(MetricSeries.Loss, [.. Enumerable.Range(1, 4).Select(s => new SeriesPoint(s, 1.0 / s, 3 * s))])]);
        await grain.ReportCompleted(1, new ExperimentResult([], meanIou, [1], [1, 1, 1], 10, 0, 4, finalLoss, seconds, 0.5, "cpu"));
    }
}
