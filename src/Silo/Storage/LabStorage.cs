namespace UNet3D.Lab.Silo.Storage;

public static class LabStorage
{
    /// <summary>Name of the grain storage provider backed by the lab's LiteDB file.</summary>
    public const string Name = "lab";

    public const string FileName = "lab.db";
}
