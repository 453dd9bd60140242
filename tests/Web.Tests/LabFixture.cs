using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using UNet3D.Lab.Experiments.Runs;
using UNet3D.Lab.Silo.Models;
using UNet3D.Lab.Tests.Shared;
using UNet3D.Lab.Web.Access;
using UNet3D.Lab.Web.Services;

namespace UNet3D.Lab.Web.Tests;

/// <summary>One real lab shared by the component tests of a class; its <see cref="ExperimentClient"/> feeds the pages.</summary>
public sealed class LabFixture : IAsyncLifetime
{
    private readonly LabWebApplicationFactory factory = new();

    public ExperimentClient Experiments => factory.Services.GetRequiredService<ExperimentClient>();

    public AblationClient Ablations => factory.Services.GetRequiredService<AblationClient>();

    public IHostApplicationLifetime Lifetime => factory.Services.GetRequiredService<IHostApplicationLifetime>();

    public DatasetClient Datasets => factory.Services.GetRequiredService<DatasetClient>();

    public RunOutputClient Outputs => factory.Services.GetRequiredService<RunOutputClient>();

    public IGrainFactory Grains => factory.Services.GetRequiredService<IGrainFactory>();

    public string DataDirectory => factory.DataDirectory;

    public LabAccessSettings Access => factory.Services.GetRequiredService<LabAccessSettings>();

    public ShareLinkStore ShareLinks => factory.Services.GetRequiredService<ShareLinkStore>();

    /// <summary>An HTTP client of the same lab, e.g. to fetch what a page links to.</summary>
    public HttpClient CreateClient() => factory.CreateClient();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await factory.DisposeAsync();
        factory.DeleteData();
    }

    public async Task<AblationSnapshot> Finished(TableRequest request)
    {
        var started = (await Ablations.StartTable(request)).Ablation ?? throw new InvalidOperationException("the suite was refused");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        while (true)
        {
            var snapshot = await Ablations.Get(started.Id);
            if (snapshot is { IsFinished: true }) return snapshot;
            await Task.Delay(100, timeout.Token);
        }
    }

    public async Task<ExperimentSnapshot> Completed(ExperimentSpec config)
    {
        var created = await Experiments.Create(config);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        while (true)
        {
            var snapshot = await Experiments.Get(created.Id);
            if (snapshot is { IsFinished: true }) return snapshot;
            await Task.Delay(100, timeout.Token);
        }
    }
}
