namespace UNet3D.Lab.Silo.Grains;

/// <summary>The lab's list of suite ids, newest first. One per lab: key <see cref="Key"/>.</summary>
public interface ISuiteRegistryGrain : IGrainWithStringKey
{
    public const string Key = "lab";

    Task Register(string suiteId);

    Task<string[]> List();
}
