using System.Diagnostics;
using System.Globalization;
using UNet3D.Lab.Tests.Shared;

namespace UNet3D.Lab.Web.Tests;

/// <summary>
/// The built web app in a process of its own on a data folder the test owns, so that it can be killed
/// (<see cref="Kill"/>, SIGKILL on Linux) and started again on the same folder.
/// </summary>
public sealed class LabOnDataFolder : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringWriter output = new();
    private readonly TaskCompletionSource<string?> announced = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private LabOnDataFolder(Process process) => this.process = process;

    public string Output
    {
        get { lock (output) return output.ToString(); }
    }

    /// <summary>Starts the lab and returns once it says where it listens.</summary>
    public static async Task<(LabOnDataFolder Lab, Uri Address)> StartAsync(string dataDirectory, IReadOnlyDictionary<string, string> settings)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = dataDirectory };
        foreach (var argument in new[]
        {
            Path.Combine(AppContext.BaseDirectory, "UNet3D.Lab.Web.dll"), "--contentRoot", AppContext.BaseDirectory,
            "--urls", $"http://127.0.0.1:{FreePorts.Next().ToString(CultureInfo.InvariantCulture)}",
        })
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var name in new[] { "ASPNETCORE_URLS", "DOTNET_URLS", "URLS", "ASPNETCORE_ENVIRONMENT", "DOTNET_ENVIRONMENT" }) start.Environment.Remove(name);
        start.Environment["Lab__DataDirectory"] = dataDirectory;
        start.Environment["Lab__Device"] = "cpu";
        start.Environment["Lab__TorchThreads"] = "1";
        start.Environment["Lab__Datasets__MaterialiseBuiltIns"] = "false";
        start.Environment["Lab__Cluster__SiloPort"] = FreePorts.Next().ToString(CultureInfo.InvariantCulture);
        start.Environment["Lab__Cluster__GatewayPort"] = FreePorts.Next().ToString(CultureInfo.InvariantCulture);
        foreach (var (name, value) in settings) start.Environment[name] = value;

        var lab = new LabOnDataFolder(new Process { StartInfo = start, EnableRaisingEvents = true });
        lab.process.OutputDataReceived += (_, e) => lab.Read(e.Data);
        lab.process.ErrorDataReceived += (_, e) => lab.Read(e.Data);
        lab.process.Exited += (_, _) => lab.announced.TrySetResult(null);
        lab.process.Start();
        lab.process.BeginOutputReadLine();
        lab.process.BeginErrorReadLine();
        try
        {
            // Patience for a busy machine, not a measurement: the lab starts in seconds.
            var address = await lab.announced.Task.WaitAsync(TimeSpan.FromMinutes(2))
                ?? throw new InvalidOperationException($"The lab stopped before it listened:\n{lab.Output}");
            return (lab, new Uri(address));
        }
        catch
        {
            await lab.DisposeAsync();
            throw;
        }
    }

    /// <summary>Kills the process at once, as <c>kill -9</c> would: nothing of it runs after this returns.</summary>
    public async Task Kill()
    {
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited) await Kill();
        process.Dispose();
    }

    private void Read(string? line)
    {
        if (line is null) return;
        lock (output) output.WriteLine(line);
        if (line.StartsWith(WebAppProcess.RunningAt, StringComparison.Ordinal)) announced.TrySetResult(line[WebAppProcess.RunningAt.Length..].Trim());
    }
}
