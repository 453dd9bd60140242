using UNet3D.Lab.Silo.Grains;
using UNet3D.Lab.Silo.Runs;

namespace UNet3D.Lab.Silo.Workers;

/// <summary>
/// At silo start, queues again every experiment that was queued or running when the lab last stopped, oldest first.
/// Cheap however many runs the lab holds: one query of the run index by status, then one call per unfinished experiment.
/// </summary>
public sealed class ExperimentRecovery(IGrainFactory grains, RunIndex index, ILogger<ExperimentRecovery> logger) : IStartupTask
{
    public async Task Execute(CancellationToken cancellationToken)
    {
        var ids = await Task.Run(index.Unfinished, cancellationToken);
        var recovered = 0;
        foreach (var id in ids)
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
