namespace UNet3D.Lab.Silo.Grains;

/// <summary>The lab's list of experiment ids, newest first. One per lab: key <see cref="Key"/>.</summary>
public interface IExperimentRegistryGrain : IGrainWithStringKey
{
    public const string Key = "lab";

    Task Register(string experimentId);

    Task<string[]> List();
}
