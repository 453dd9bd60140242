namespace UNet3D.Lab.Web.Api;

/// <summary>Answer to <c>POST /api/experiments/{id}/predict</c>: the stored prediction's key and its two downloads.</summary>
public sealed record PredictionCreated(string Id, string Predictions, string Probabilities);
