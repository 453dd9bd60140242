namespace UNet3D.Lab.Web.Api;

/// <summary>JSON body of <c>POST /api/experiments/{id}/predict</c> for a dataset of the lab.</summary>
public sealed record PredictRequest(string DatasetId);
