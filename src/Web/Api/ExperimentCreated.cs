namespace UNet3D.Lab.Web.Api;

/// <summary>Answer to <c>POST /api/experiments</c>: the new experiment's id, its page and its status.</summary>
public sealed record ExperimentCreated(string Id, string Url, string Status);
