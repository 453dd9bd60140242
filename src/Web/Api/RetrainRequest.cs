namespace UNet3D.Lab.Web.Api;

/// <summary>Body of <c>POST /api/experiments/{id}/retrain</c>: <c>{}</c>, or the number of steps of the new run.</summary>
public sealed record RetrainRequest
{
    public int? Iterations { get; init; }
}
