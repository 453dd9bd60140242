using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace UNet3D.Lab.Tests.Shared;

/// <summary>
/// The real lab (web app, in-process silo, LiteDB file) on free ports and its own data folder, so test classes
/// can run side by side and a second factory on the same folder is a restart of the lab.
/// </summary>
public sealed class LabWebApplicationFactory : WebApplicationFactory<Program>
{
    private readonly int siloPort = FreePorts.Next();
    private readonly int gatewayPort = FreePorts.Next();

    private readonly IReadOnlyDictionary<string, string> settings;

    /// <param name="settings">Further configuration, e.g. <c>Lab:Datasets:MaxUploadBytes</c>.</param>
    public LabWebApplicationFactory(string? dataDirectory = null, int workerSlots = 1, IReadOnlyDictionary<string, string>? settings = null)
    {
        DataDirectory = dataDirectory ?? Path.Combine(Path.GetTempPath(), "unet3d-lab-tests", Guid.NewGuid().ToString("N"));
        WorkerSlots = workerSlots;
        this.settings = settings ?? new Dictionary<string, string>();
    }

    public string DataDirectory { get; }

    public int WorkerSlots { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Lab:DataDirectory", DataDirectory);
        builder.UseSetting("Lab:WorkerSlots", WorkerSlots.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Lab:Device", "cpu");
        builder.UseSetting("Lab:WorkerPollInterval", "00:00:00.100");
        builder.UseSetting("Lab:Cluster:SiloPort", siloPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Lab:Cluster:GatewayPort", gatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        // LAB_TEST_LOGLEVEL=Debug shows the lab's logs when a test needs explaining.
        builder.UseSetting("Logging:LogLevel:Default", Environment.GetEnvironmentVariable("LAB_TEST_LOGLEVEL") ?? "Warning");
        foreach (var (key, value) in settings) builder.UseSetting(key, value);
    }

    public void DeleteData()
    {
        try { Directory.Delete(DataDirectory, recursive: true); }
        catch (IOException) { /* the OS temp cleaner takes what a closing silo still holds */ }
        catch (UnauthorizedAccessException) { }
    }
}
