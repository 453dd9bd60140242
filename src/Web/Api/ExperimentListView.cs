namespace UNet3D.Lab.Web.Api;

/// <summary>Body of <c>GET /api/experiments</c>: one page of runs and how many match the query in all.</summary>
public sealed record ExperimentListView(IReadOnlyList<ExperimentSummaryView> Items, int Total);
