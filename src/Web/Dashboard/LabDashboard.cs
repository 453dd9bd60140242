using Orleans.Dashboard;

namespace UNet3D.Lab.Web.Dashboard;

/// <summary>
/// The Orleans Dashboard (silos, grains, calls) at <see cref="Path"/>: added to this process's silo and mapped in one
/// place, so the lab's access control applies to it by adding to what <see cref="MapLabDashboard"/> returns.
/// </summary>
public static class LabDashboard
{
    public const string Path = "/dashboard";

    /// <summary>The dashboard's grains and statistics on this silo.</summary>
    public static ISiloBuilder AddLabDashboard(this ISiloBuilder silo) => silo.AddDashboard();

    /// <summary>Maps the dashboard's page and its own JSON endpoints, which are no part of the lab's API document.</summary>
    public static IEndpointConventionBuilder MapLabDashboard(this IEndpointRouteBuilder routes) =>
        routes.MapOrleansDashboard(routePrefix: Path).ExcludeFromDescription();
}
