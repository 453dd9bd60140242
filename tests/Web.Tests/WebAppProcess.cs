using System.Diagnostics;
using System.Globalization;
using UNet3D.Lab.Tests.Shared;

namespace UNet3D.Lab.Web.Tests;

/// <summary>
/// Starts the built web app (its copy in this test project's output) in a process of its own, with a fresh data
/// folder and free silo ports, waits for the line that says where it listens (or for it to stop), and kills it.
/// </summary>
public static class WebAppProcess
{
    public const string RunningAt = "UNet3D.Lab is running at ";

    // Settings of the environment this test may have inherited that would choose the address instead of the case.
    private static readonly string[] AddressVariables =
    [
        "ASPNETCORE_URLS", "DOTNET_URLS", "URLS", "ASPNETCORE_HTTP_PORTS", "DOTNET_HTTP_PORTS", "HTTP_PORTS",
        "ASPNETCORE_HTTPS_PORTS", "DOTNET_HTTPS_PORTS", "HTTPS_PORTS", "ASPNETCORE_ENVIRONMENT", "DOTNET_ENVIRONMENT",
    ];

    /// <summary>The first address the lab announced (null if it stopped first) and everything it wrote.</summary>
    /// <param name="contentRoot">Folder of the appsettings.json it reads; the test output's (the app's own) when null.</param>
    public static async Task<(string? Address, string Output)> Listen(
        IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, string? contentRoot = null)
    {
        var data = Path.Combine(Path.GetTempPath(), "unet3d-lab-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(data);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = data };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "UNet3D.Lab.Web.dll"), "--contentRoot", contentRoot ?? AppContext.BaseDirectory })
            start.ArgumentList.Add(argument);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var name in AddressVariables) start.Environment.Remove(name);
        start.Environment["Lab__DataDirectory"] = data;
        start.Environment["Lab__Device"] = "cpu";
        start.Environment["Lab__TorchThreads"] = "1";
        start.Environment["Lab__Datasets__MaterialiseBuiltIns"] = "false";
        start.Environment["Lab__Cluster__SiloPort"] = FreePorts.Next().ToString(CultureInfo.InvariantCulture);
        start.Environment["Lab__Cluster__GatewayPort"] = FreePorts.Next().ToString(CultureInfo.InvariantCulture);
        foreach (var (name, value) in environment) start.Environment[name] = value;

        var output = new StringWriter();
        var announced = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => Read(e.Data);
        process.ErrorDataReceived += (_, e) => Read(e.Data);
        process.Exited += (_, _) => announced.TrySetResult(null);
        try
        {
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            // Patience for a busy machine, not a measurement: the lab starts in seconds.
            var address = await announced.Task.WaitAsync(TimeSpan.FromMinutes(2));
            if (address is null) await process.WaitForExitAsync(); // the rest of its output
            lock (output) return (address, output.ToString());
        }
        catch (TimeoutException)
        {
            lock (output) throw new TimeoutException($"The lab announced no address in 2 minutes:\n{output}");
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
            try { Directory.Delete(data, recursive: true); }
            catch (IOException) { }
        }

        void Read(string? line)
        {
            if (line is null) return;
            lock (output) output.WriteLine(line);
            if (line.StartsWith(RunningAt, StringComparison.Ordinal)) announced.TrySetResult(line[RunningAt.Length..].Trim());
        }
    }
}
