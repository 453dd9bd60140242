namespace UNet3D.Lab.Silo.Grains;

/// <summary>
/// Which experiment was trained for a content hash (configuration, datasets, engine version): lets a suite reuse a
/// finished (or still training) experiment instead of training the same thing again. One per lab: key <see cref="Key"/>.
/// </summary>
public interface IResultRegistryGrain : IGrainWithStringKey
{
    public const string Key = "lab";

    /// <summary>The experiment last recorded for <paramref name="hash"/>, or null.</summary>
    Task<string?> Find(string hash);

    /// <summary>Records <paramref name="experimentId"/> as the experiment for <paramref name="hash"/>, replacing any earlier one.</summary>
    Task Remember(string hash, string experimentId);
}
