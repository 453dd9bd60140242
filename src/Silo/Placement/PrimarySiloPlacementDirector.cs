using Orleans.Runtime.Placement;

namespace UNet3D.Lab.Silo.Placement;

public sealed class PrimarySiloPlacementDirector : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var silos = context.GetCompatibleSilos(target);
        if (silos.Length == 0)
            throw new OrleansException($"No silo can host {target.GrainIdentity}: the lab's primary silo is not in the cluster.");
        // Generation is the silo's start time: the smallest is the oldest, i.e. the primary.
        var oldest = silos.OrderBy(s => s.Generation).ThenBy(s => s.ToParsableString(), StringComparer.Ordinal).First();
        return Task.FromResult(oldest);
    }
}
