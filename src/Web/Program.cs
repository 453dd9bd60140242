using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using MudBlazor.Services;
using UNet3D.Lab.Silo.Hosting;
using UNet3D.Lab.Silo.Runs;
using UNet3D.Lab.Web.Access;
using UNet3D.Lab.Web.Api;
using UNet3D.Lab.Web.Components;
using UNet3D.Lab.Web.Dashboard;
using UNet3D.Lab.Web.Errors;
using UNet3D.Lab.Web.Security;

// `account add|list|remove|token …`: the lab's accounts, managed with the lab stopped (see AccountCommandLine).
if (AccountCommandLine.Handles(args))
{
    Environment.ExitCode = await AccountCommandLine.RunAsync(args);
    return;
}

var builder = WebApplication.CreateBuilder(args);

// Loopback unless told otherwise (--urls, ASPNETCORE_URLS, Urls, the port settings or Kestrel endpoints). Set here
// rather than in appsettings.json, which is a later configuration source than ASPNETCORE_URLS and would win over it.
if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey])
    && string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.HttpPortsKey])
    && string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.HttpsPortsKey])
    && !builder.Configuration.GetSection("Kestrel:Endpoints").Exists())
{
    builder.WebHost.UseUrls("http://127.0.0.1:5080");
}

// Serve MudBlazor's and Plotly's assets from a build output too, not only with `dotnet run` (Development) or
// after `dotnet publish`; a published app has no manifest and is unaffected.
builder.WebHost.UseStaticWebAssets();

// The lab's own silo runs in this process: one machine needs nothing else.
builder.AddLabSilo(silo => silo.AddLabDashboard());
builder.Services.AddSingleton<ExperimentClient>();
// The lab's one JSON dialect (camelCase, enums as "3d"/"adam"/"queued", NaN for undefined IoUs) in every response.
builder.Services.ConfigureHttpJsonOptions(options => LabJson.Configure(options.SerializerOptions));
builder.Services.AddSingleton<DatasetClient>();
builder.Services.AddSingleton<RunOutputClient>();
builder.Services.AddSingleton<AblationClient>();
builder.Services.AddSingleton<RunLengthLimit>();
builder.Services.AddRazorComponents().AddInteractiveServerComponents()
    .AddHubOptions(options => options.MaximumReceiveMessageSize = RunPageStateSerializer.MaxCircuitMessageBytes);
// The runs table hands its prerendered first page to the circuit (see RunPageStateSerializer).
builder.Services.AddSingleton<PersistentComponentStateSerializer<RunPage>, RunPageStateSerializer>();
// Messages at the bottom: at the top right they covered the page's title (on a phone) or its Cancel button.
builder.Services.AddMudServices(config => config.SnackbarConfiguration.PositionClass = MudBlazor.Defaults.Classes.Position.BottomCenter);
builder.Services.AddProblemDetails();
builder.Services.AddLabOpenApi();
builder.AddLabAccess();

var app = builder.Build();

if (!app.Environment.IsDevelopment()) app.UseExceptionHandler(ErrorEndpoint.Path, createScopeForErrors: true);
app.UseMiddleware<CrossSiteRequestGuard>();
app.UseLabAccess();
app.UseAntiforgery();
app.MapStaticAssets();
app.MapErrorEndpoint();
app.MapExperimentsApi();
app.MapDatasetsApi();
app.MapDatasetVolumesApi();
app.MapDatasetAnnotationsApi();
app.MapAnnotationTrainingApi();
app.MapExperimentOutputsApi();
app.MapSuitesApi();
app.MapAblationsApi();
app.MapCompareApi();
// Silos, grains and calls of the whole cluster: for admins only.
app.MapLabDashboard().RequireAuthorization(LabPolicies.Admin);
app.MapApiReference();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

app.Lifetime.ApplicationStarted.Register(() =>
{
    var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
    foreach (var address in addresses) Console.WriteLine($"UNet3D.Lab is running at {address}");
});

await app.RunAsync();

/// <summary>Entry point; public so that tests can host the app.</summary>
public partial class Program;
