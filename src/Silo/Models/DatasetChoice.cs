using UNet3D.Lab.Experiments.Data;

namespace UNet3D.Lab.Silo.Models;

/// <summary>A dataset an experiment uses and, optionally, its own annotated-slice counts (x, y, z).</summary>
[GenerateSerializer, Immutable]
public sealed record DatasetChoice([property: Id(0)] string Id, [property: Id(1)] int[]? AnnotatedSlices = null)
{
    public DatasetSelection ToSelection() => new(Id, AnnotatedSlices);

    public static DatasetChoice From(DatasetSelection selection) => new(selection.Id, selection.AnnotatedSlices?.ToArray());
}
