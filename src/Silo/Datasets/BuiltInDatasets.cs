using Microsoft.Extensions.Options;

namespace UNet3D.Lab.Silo.Datasets;

/// <summary>
/// Stores the tiny and cpu phantom samples when the silo starts, on a thread pool thread after the silo is up: the
/// start never waits for them and no grain turn does the work. Samples already stored are skipped, so a restart costs
/// one lookup each. Until a sample is stored, <see cref="DatasetStore.Load"/> generates it on demand.
/// </summary>
public sealed class BuiltInDatasets(DatasetStore store, IOptions<LabOptions> options, ILogger<BuiltInDatasets> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    private readonly CancellationTokenSource stopping = new();
    private Task running = Task.CompletedTask;

    /// <summary>Completes when the start's materialisation has finished (or was not asked for).</summary>
    public Task Completion => running;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(BuiltInDatasets), ServiceLifecycleStage.Active, Start, Stop);

    private Task Start(CancellationToken cancellation)
    {
        if (!options.Value.Datasets.MaterialiseBuiltIns) return Task.CompletedTask;
        running = Task.Run(() => Materialise(stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    private void Materialise(CancellationToken cancellation)
    {
        foreach (var id in BuiltInPhantoms.StartupIds)
        {
            if (cancellation.IsCancellationRequested) return;
            try
            {
                if (store.Find(id) is { IsReady: true }) continue;
                store.Materialise(id);
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Built-in dataset {DatasetId} was not stored at start; it is generated on first use", id);
            }
        }
    }

    private async Task Stop(CancellationToken cancellation)
    {
        await stopping.CancelAsync();
        try
        {
            await running.WaitAsync(cancellation);
        }
        catch (OperationCanceledException)
        {
            logger.LogWarning("Built-in datasets were still being stored at shutdown");
        }
        stopping.Dispose();
    }
}
