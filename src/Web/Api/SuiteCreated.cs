namespace UNet3D.Lab.Web.Api;

/// <summary>Answer to <c>POST /api/suites</c>: the new table run's id, its page, status and size.</summary>
public sealed record SuiteCreated(string Id, string Url, AblationStatus Status, int Cells, int Runs);
