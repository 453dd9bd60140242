using Orleans.Utilities;

namespace UNet3D.Lab.Silo.Feeds;

/// <summary>
/// The followers of one grain and what it tells them. A follower that stops renewing (a closed page, a front end that
/// went away) is forgotten after <see cref="Expiration"/>; one that can no longer be reached is forgotten at once.
/// </summary>
public sealed class ChangeFeed<T>(ILogger logger)
{
    /// <summary>How long a follow lasts without being renewed; followers renew at half of it.</summary>
    public static readonly TimeSpan Expiration = TimeSpan.FromMinutes(2);

    private readonly ObserverManager<IChangeObserver<T>> observers = new(Expiration, logger);

    public int Count => observers.Count;

    /// <summary>Starts or renews a follow.</summary>
    public void Follow(IChangeObserver<T> observer) => observers.Subscribe(observer, observer);

    public void Unfollow(IChangeObserver<T> observer) => observers.Unsubscribe(observer);

    public void Tell(T change)
    {
        if (observers.Count > 0) observers.Notify(o => o.OnChanged(change));
    }
}
