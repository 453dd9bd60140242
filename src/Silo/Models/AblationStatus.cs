namespace UNet3D.Lab.Silo.Models;

public enum AblationStatus
{
    /// <summary>Some of its experiments are queued or training.</summary>
    Running,

    /// <summary>Every experiment completed.</summary>
    Completed,

    /// <summary>Every experiment finished, but some failed or were cancelled: the table has gaps.</summary>
    Failed,
}
