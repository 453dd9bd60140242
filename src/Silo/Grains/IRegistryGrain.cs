namespace UNet3D.Lab.Silo.Grains;

/// <summary>
/// One of the lab's lists of ids, newest first, keyed by what it lists: <see cref="Ablations"/> (grids and the paper's
/// tables). Experiments are listed by the run index, <see cref="IRunCatalogGrain"/>.
/// </summary>
public interface IRegistryGrain : IGrainWithStringKey
{
    public const string Ablations = "ablations";

    Task Register(string id);

    Task<string[]> List();
}
