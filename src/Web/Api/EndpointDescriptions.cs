namespace UNet3D.Lab.Web.Api;

/// <summary>What the OpenAPI document and the reference page say of an endpoint.</summary>
public static class EndpointDescriptions
{
    public static RouteHandlerBuilder Describe(this RouteHandlerBuilder endpoint, string summary, string? description = null) =>
        description is null ? endpoint.WithSummary(summary) : endpoint.WithSummary(summary).WithDescription(description);
}
