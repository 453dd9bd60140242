namespace UNet3D.Lab.Silo;

/// <summary>How silos find each other (<c>Lab:Cluster</c>).</summary>
public sealed class LabClusterOptions
{
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
