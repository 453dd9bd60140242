namespace UNet3D.Lab.Web.Tests.Cluster;

/// <summary>What stops a lab process at start: a data folder another lab holds, an unknown cluster provider.</summary>
[Collection(LabClusterProcesses.Collection)]
public sealed class StartupRefusalTests
{
    [Fact]
    public async Task A_second_lab_on_the_same_data_folder_stops_naming_the_lock_until_the_first_is_killed()
    {
        var data = Path.Combine(Path.GetTempPath(), "unet3d-lab-tests", "lock-" + Guid.NewGuid().ToString("N"));
        var lockFile = Path.Combine(data, "lab.lock");
        var settings = new Dictionary<string, string> { ["Lab__WorkerSlots"] = "0" };
        try
        {
            await using var first = await LabSiloProcess.StartAsync("first", data, settings);

            var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => LabSiloProcess.StartAsync("second", data, settings));
            Assert.Contains($"{lockFile} is held by another lab process", refused.Message);
            Assert.Contains("Lab:DataDirectory", refused.Message);

            // kill -9 leaves no lock behind: the operating system closes the dead process's handle.
            await first.KillAsync();
            await using var third = await LabSiloProcess.StartAsync("third", data, settings);
        }
        finally
        {
            try { Directory.Delete(data, recursive: true); }
            catch (IOException) { }
        }
    }

    [Fact]
    public async Task An_unknown_cluster_provider_stops_the_lab_naming_the_setting_and_the_choices()
    {
        var (address, output) = await WebAppProcess.Listen([], new Dictionary<string, string> { ["Lab__Cluster__Provider"] = "zookeeper" });
        Assert.Null(address);
        Assert.Contains("Lab:Cluster:Provider 'zookeeper' is not one the lab knows: use 'development'", output);
        Assert.Contains("'redis' (with Lab:Cluster:Redis)", output);
    }
}
