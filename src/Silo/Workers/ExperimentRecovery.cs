using UNet3D.Lab.Silo.Grains;

namespace UNet3D.Lab.Silo.Workers;

/// <summary>
/// At silo start, queues again every experiment that was queued or running when the lab last stopped. Cheap when
/// nothing is pending: a single registry read, then one call per unfinished experiment.
/// </summary>
public sealed class ExperimentRecovery(IGrainFactory grains, ILogger<ExperimentRecovery> logger) : IStartupTask
{
    public async Task Execute(CancellationToken cancellationToken)
    {
        var ids = await grains.GetGrain<IRegistryGrain>(IRegistryGrain.Experiments).List();
        var recovered = 0;
        foreach (var id in ids.Reverse())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var experiment = grains.GetGrain<IExperimentGrain>(id);
            if (await experiment.Get() is { IsFinished: false })
            {
                await experiment.Recover();
                recovered++;
            }
        }
        if (recovered > 0) logger.LogInformation("Queued {Count} unfinished experiment(s) again", recovered);
    }
}
