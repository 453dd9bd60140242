namespace UNet3D.Lab.Silo.Grains;

/// <summary>
/// One of the lab's lists of ids, newest first, keyed by what it lists: <see cref="Experiments"/> or
/// <see cref="Ablations"/> (grids and the paper's tables).
/// </summary>
public interface IRegistryGrain : IGrainWithStringKey
{
    public const string Experiments = "experiments";
    public const string Ablations = "ablations";

    Task Register(string id);

    Task<string[]> List();
}
