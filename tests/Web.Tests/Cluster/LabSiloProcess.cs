using System.Diagnostics;
using System.Globalization;
using UNet3D.Lab.Tests.Shared;

namespace UNet3D.Lab.Web.Tests.Cluster;

/// <summary>
/// One silo of the lab in a process of its own: the built web app (its copy in this test project's output) with the
/// given settings, free silo, gateway and HTTP ports, started and stopped (SIGTERM, as Ctrl+C) or killed (kill -9)
/// on demand. Its data folder is the caller's, so a silo can stop and start again on it.
/// </summary>
public sealed class LabSiloProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringWriter output = new();

    private LabSiloProcess(string name, Process process)
    {
        Name = name;
        this.process = process;
    }

    public string Name { get; }

    /// <summary>Where the silo's web app listens, e.g. <c>http://127.0.0.1:40123</c>.</summary>
    public Uri Address { get; private set; } = null!;

    public int ProcessId => process.Id;

    /// <summary>Its silo port, which names it in the cluster (the worker of an experiment is <c>host:port/slotN</c>).</summary>
    public int SiloPort => int.Parse(process.StartInfo.Environment["Lab__Cluster__SiloPort"]!, CultureInfo.InvariantCulture);

    public string Output
    {
        get { lock (output) return output.ToString(); }
    }

    public HttpClient CreateClient() => new() { BaseAddress = Address };

    /// <summary>Starts the silo and waits until its web app listens, i.e. the silo has joined its cluster.</summary>
    public static async Task<LabSiloProcess> StartAsync(string name, string dataDirectory, IReadOnlyDictionary<string, string> settings)
    {
        Directory.CreateDirectory(dataDirectory);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = dataDirectory };
        var url = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{FreePorts.Next()}");
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "UNet3D.Lab.Web.dll"), "--contentRoot", AppContext.BaseDirectory, "--urls", url })
            start.ArgumentList.Add(argument);
        foreach (var variable in start.Environment.Keys.Where(k => k.StartsWith("ASPNETCORE_", StringComparison.Ordinal) || k.StartsWith("DOTNET_", StringComparison.Ordinal)).ToArray())
            start.Environment.Remove(variable);
        start.Environment["Lab__DataDirectory"] = dataDirectory;
        start.Environment["Lab__Device"] = "cpu";
        start.Environment["Lab__TorchThreads"] = "1";
        start.Environment["Lab__Datasets__MaterialiseBuiltIns"] = "false";
        start.Environment["Lab__Cluster__SiloPort"] = FreePorts.Next().ToString(CultureInfo.InvariantCulture);
        start.Environment["Lab__Cluster__GatewayPort"] = FreePorts.Next().ToString(CultureInfo.InvariantCulture);
        foreach (var (key, value) in settings) start.Environment[key] = value;

        var silo = new LabSiloProcess(name, new Process { StartInfo = start, EnableRaisingEvents = true });
        var announced = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        silo.process.OutputDataReceived += (_, e) => silo.Read(e.Data, announced);
        silo.process.ErrorDataReceived += (_, e) => silo.Read(e.Data, announced);
        silo.process.Exited += (_, _) => announced.TrySetResult(null);
        silo.process.Start();
        silo.process.BeginOutputReadLine();
        silo.process.BeginErrorReadLine();
        string? address;
        try
        {
            // Patience for a busy machine, not a measurement: a silo starts in seconds.
            address = await announced.Task.WaitAsync(TimeSpan.FromMinutes(2));
        }
        catch (TimeoutException)
        {
            await silo.DisposeAsync();
            throw new TimeoutException($"Silo {name} announced no address in 2 minutes:\n{silo.Output}");
        }
        if (address is null)
        {
            await silo.process.WaitForExitAsync();
            throw new InvalidOperationException($"Silo {name} stopped before it listened (exit code {silo.process.ExitCode}):\n{silo.Output}");
        }
        silo.Address = new Uri(address);
        return silo;
    }

    /// <summary>Stops the silo as Ctrl+C would (it leaves the cluster in good order) and waits for the process to end.</summary>
    public async Task StopAsync()
    {
        if (process.HasExited) return;
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
            if (kill.ExitCode != 0) throw new InvalidOperationException($"Could not signal silo {Name} (pid {process.Id}).");
        }
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
    }

    /// <summary>kill -9: the process ends at once, leaving the cluster to find out.</summary>
    public async Task KillAsync()
    {
        if (process.HasExited) return;
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        process.Dispose();
    }

    private void Read(string? line, TaskCompletionSource<string?> announced)
    {
        if (line is null) return;
        lock (output) output.WriteLine(line);
        if (line.StartsWith(WebAppProcess.RunningAt, StringComparison.Ordinal)) announced.TrySetResult(line[WebAppProcess.RunningAt.Length..].Trim());
    }
}
