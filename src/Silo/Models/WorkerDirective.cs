namespace UNet3D.Lab.Silo.Models;

/// <summary>The experiment's answer to a worker's report.</summary>
public enum WorkerDirective
{
    Continue,
    Stop,
}
