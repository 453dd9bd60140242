namespace UNet3D.Lab.Silo.Models;

/// <summary>What became of a request to delete an experiment.</summary>
/// <param name="Removed">The run, its index row and its stored files are gone.</param>
/// <param name="Status">The status the run had; null when there was no such run.</param>
[GenerateSerializer, Immutable]
public sealed record ExperimentRemoval([property: Id(0)] bool Removed, [property: Id(1)] ExperimentStatus? Status)
{
    public static ExperimentRemoval NotFound { get; } = new(false, null);

    /// <summary>Queued or running: it must be cancelled first.</summary>
    public static ExperimentRemoval Refused(ExperimentStatus status) => new(false, status);

    public static ExperimentRemoval Done(ExperimentStatus status) => new(true, status);
}
