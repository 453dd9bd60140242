using UNet3D.Lab.Silo.Grains;

namespace UNet3D.Lab.Silo.Workers;

/// <summary>
/// At silo start, wakes every suite that was running when the lab last stopped, so that it follows its experiments
/// (which <see cref="ExperimentRecovery"/> queues again) and fills its table without anyone opening it.
/// </summary>
public sealed class AblationRecovery(IGrainFactory grains, ILogger<AblationRecovery> logger) : IStartupTask
{
    public async Task Execute(CancellationToken cancellationToken)
    {
        var ids = await grains.GetGrain<IRegistryGrain>(IRegistryGrain.Ablations).List();
        var resumed = 0;
        foreach (var id in ids)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var suite = grains.GetGrain<IAblationGrain>(id);
            if (await suite.Get() is { IsFinished: false })
            {
                await suite.Resume();
                resumed++;
            }
        }
        if (resumed > 0) logger.LogInformation("Resumed {Count} unfinished suite(s)", resumed);
    }
}
