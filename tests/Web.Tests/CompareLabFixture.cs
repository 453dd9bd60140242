using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using UNet3D.Lab.Experiments.Runs;
using UNet3D.Lab.Silo.Grains;
using UNet3D.Lab.Silo.Models;
using UNet3D.Lab.Silo.Series;
using UNet3D.Lab.Tests.Shared;
using UNet3D.Lab.Web.Access;
using UNet3D.Lab.Web.Services;

namespace UNet3D.Lab.Web.Tests;

/// <summary>
/// A lab without workers and four finished runs, 2 models × 2 seeds, completed by reporting for them as a worker would,
/// with known numbers. Run (model, seed) has loss <c>k / step</c> at steps 1..100 (k: 3d seed 1 → 1, 3d seed 2 → 2,
/// 2d seed 1 → 3, 2d seed 2 → 4), held-out IoU <c>m − 0.1</c> at step 50 and <c>m</c> at step 100, and samples S1, S2,
/// S3 with IoU <c>m + 0.05</c>, <c>m</c>, <c>m − 0.05</c>, where m is 0.8, 0.9 (3d) and 0.6, 0.7 (2d); it trained k × 10 s.
/// And a grid of two queued runs (model 3d and 2d, one seed) that never train.
/// </summary>
public sealed class CompareLabFixture : IAsyncLifetime
{
    private readonly LabWebApplicationFactory factory = new(workerSlots: 0);

    public ExperimentClient Experiments => factory.Services.GetRequiredService<ExperimentClient>();

    public AblationClient Ablations => factory.Services.GetRequiredService<AblationClient>();

    public DatasetClient Datasets => factory.Services.GetRequiredService<DatasetClient>();

    public IGrainFactory Grains => factory.Services.GetRequiredService<IGrainFactory>();

    public IHostApplicationLifetime Lifetime => factory.Services.GetRequiredService<IHostApplicationLifetime>();

    public ShareLinkStore ShareLinks => factory.Services.GetRequiredService<ShareLinkStore>();

    /// <summary>"3d/1", "3d/2", "2d/1", "2d/2" → run id.</summary>
    public Dictionary<string, string> Runs { get; } = [];

    /// <summary>The four runs in the order above.</summary>
    public string[] Ids => [Runs["3d/1"], Runs["3d/2"], Runs["2d/1"], Runs["2d/2"]];

    public string GridId { get; private set; } = "";

    public HttpClient CreateClient() => factory.CreateClient();

    public async Task InitializeAsync()
    {
        var grains = factory.Services.GetRequiredService<IGrainFactory>();
        foreach (var (model, seed, k, m) in new[] { (ModelKind.ThreeD, 1, 1, 0.8), (ModelKind.ThreeD, 2, 2, 0.9), (ModelKind.TwoD, 1, 3, 0.6), (ModelKind.TwoD, 2, 4, 0.7) })
        {
            var run = await Experiments.Create(new ExperimentSpec { Model = model, Seed = seed, Preset = "smoke", Iterations = 100 });
            Runs[$"{ModelNames.Of(model)}/{seed}"] = run.Id;
            var grain = grains.GetGrain<IExperimentGrain>(run.Id);
            await grain.ReportStarted(1, "test", "cpu", 0);
            await grain.ReportProgress(1,
            [
                new SeriesBatch(MetricSeries.Loss, [.. Enumerable.Range(1, 100).Select(s => new SeriesPoint(s, (double)k / s, k * s / 10.0))]),
                new SeriesBatch(MetricSeries.ValidationIou, [new SeriesPoint(50, m - 0.1, k * 5.0), new SeriesPoint(100, m, k * 10.0)]),
            ]);
            SampleResult Sample(string name, double iou) => new(name, iou, [iou, iou, 0.99], [0.9, 0.9, 0.99], 1000, 0.1);
            await grain.ReportCompleted(1, new ExperimentResult([Sample("S1", m + 0.05), Sample("S2", m), Sample("S3", m - 0.05)], m, [1], [1, 1, 1], 10, 0, 100, k / 100.0, k * 10, 0.5, "cpu"));
        }

        var (grid, problems) = await Ablations.StartGrid(new GridRequest
        {
            Name = "compare grid",
            Base = JsonNode.Parse("""{"model":"3d","iterations":2}""")!.AsObject(),
            Axes = new() { ["model"] = JsonNode.Parse("""["3d","2d"]""")!.AsArray() },
            Seeds = 1,
        });
        if (grid is null) throw new InvalidOperationException(string.Join("; ", problems));
        GridId = grid.Id;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while ((await Ablations.Get(grid.Id))!.Cells.Any(c => c.Runs.Any(r => r.ExperimentId is null))) await Task.Delay(100, timeout.Token);
    }

    public async Task DisposeAsync()
    {
        await factory.DisposeAsync();
        factory.DeleteData();
    }
}
