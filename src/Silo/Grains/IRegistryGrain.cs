namespace UNet3D.Lab.Silo.Grains;

/// <summary>
/// One of the lab's lists of ids, newest first, keyed by what it lists: <see cref="Experiments"/> or
/// <see cref="Suites"/>.
/// </summary>
public interface IRegistryGrain : IGrainWithStringKey
{
    public const string Experiments = "experiments";
    public const string Suites = "suites";

    Task Register(string id);

    Task<string[]> List();
}
