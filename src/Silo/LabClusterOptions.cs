namespace UNet3D.Lab.Silo;

/// <summary>How silos find each other (<c>Lab:Cluster</c>).</summary>
public sealed class LabClusterOptions
{
    public const string Development = "development";
    public const string Redis = "redis";

    /// <summary>
    /// How silos find each other: <c>development</c> (the default; one machine, or a primary the others join) or
    /// <c>redis</c> (membership and grain state in the Redis of <see cref="RedisConnection"/>; any silo may start first).
    /// </summary>
    public string Provider { get; set; } = Development;

    /// <summary>StackExchange.Redis connection string (e.g. <c>localhost:6379</c>) for <c>Provider=redis</c>; setting <c>Lab:Cluster:Redis</c>.</summary>
    [Microsoft.Extensions.Configuration.ConfigurationKeyName("Redis")]
    public string? RedisConnection { get; set; }

    /// <summary>
    /// Whether this silo hosts the lab's data: its grains (experiments, queue, catalogs) and the LiteDB file of runs,
    /// series and dataset records. Unset: the primary in development mode (no <see cref="Join"/>), yes in redis mode.
    /// A silo that only trains says false; docs/cluster.md.
    /// </summary>
    public bool? HostsData { get; set; }

    /// <summary><see cref="HostsData"/> as it takes effect.</summary>
    public bool HostsDataResolved => HostsData ?? (IsRedis || string.IsNullOrWhiteSpace(Join));

    public bool IsRedis => string.Equals(Provider, Redis, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Endpoint (host:port) of the primary silo to join. Empty: this silo is the primary, alone or waited for by
    /// others, using localhost clustering unless <see cref="AdvertisedAddress"/> is set.
    /// </summary>
    public string? Join { get; set; }

    /// <summary>IP address other machines reach this silo on. Empty: 127.0.0.1, one machine only.</summary>
    public string? AdvertisedAddress { get; set; }

    public int SiloPort { get; set; } = 11111;

    public int GatewayPort { get; set; } = 30000;

    public string ClusterId { get; set; } = "unet3d-lab";

    public string ServiceId { get; set; } = "unet3d-lab";
}
