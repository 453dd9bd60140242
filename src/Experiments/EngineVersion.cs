namespace UNet3D.Lab.Experiments;

/// <summary>
/// The version of everything that decides an experiment's numbers beyond its configuration and data: the networks,
/// the trainer, augmentation, inference and metrics. The lab reuses a finished experiment for an identical
/// configuration on identical data only while this version is the same.
/// </summary>
/// <remarks>Bump it with every change that would change a result (a different IoU, loss or initial weights).</remarks>
public static class EngineVersion
{
    public const string Current = "10";
}
