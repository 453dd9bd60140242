using Orleans.Concurrency;

namespace UNet3D.Lab.Silo.Feeds;

/// <summary>
/// Something outside a grain that follows it: a page of the lab's web front end, told each change as it happens
/// instead of asking again and again. One-way: a slow or vanished page never holds up the grain.
/// </summary>
public interface IChangeObserver<in T> : IGrainObserver
{
    [OneWay]
    Task OnChanged(T change);
}
