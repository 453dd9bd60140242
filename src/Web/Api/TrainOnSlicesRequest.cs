namespace UNet3D.Lab.Web.Api;

/// <summary>Body of <c>POST /api/datasets/{id}/train</c>: the preset (smoke, cpu, paper), and optionally a name and a number of steps.</summary>
public sealed record TrainOnSlicesRequest
{
    public required string Preset { get; init; }
    public string? Name { get; init; }
    public int? Iterations { get; init; }
}
