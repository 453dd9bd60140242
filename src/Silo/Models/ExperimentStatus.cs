namespace UNet3D.Lab.Silo.Models;

public enum ExperimentStatus
{
    Queued,
    Running,
    Completed,
    Failed,
    Cancelled,
}
