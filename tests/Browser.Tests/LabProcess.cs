using System.Diagnostics;
using System.Globalization;
using UNet3D.Lab.Tests.Shared;

namespace UNet3D.Lab.Browser.Tests;

/// <summary>
/// The lab as a user runs it: the web app's own build output in a process of its own, on free ports, with its
/// own data folder. Stopped with SIGTERM, as Ctrl+C would.
/// </summary>
public sealed class LabProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringWriter output = new();

    private LabProcess(Process process, string url, string dataDirectory)
    {
        this.process = process;
        Url = url;
        DataDirectory = dataDirectory;
    }

    public string Url { get; }

    public string DataDirectory { get; }

    public string Output
    {
        get { lock (output) return output.ToString(); }
    }

    public static async Task<LabProcess> StartAsync()
    {
        var port = FreePorts.Next();
        var url = $"http://127.0.0.1:{port}";
        var data = Path.Combine(Path.GetTempPath(), "unet3d-lab-tests", Guid.NewGuid().ToString("N"));
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(WebAssembly())!,
        };
        foreach (var argument in new[]
        {
            // One libtorch thread: on a machine busy with other work, two threads per step spin against each other and
            // a 150-step smoke run outlasted the test's patience (5x slower steps at load average 12).
            WebAssembly(), "--urls", url, "--Lab:DataDirectory", data, "--Lab:Device", "cpu", "--Lab:TorchThreads", "1",
            "--Lab:Cluster:SiloPort", FreePorts.Next().ToString(CultureInfo.InvariantCulture),
            "--Lab:Cluster:GatewayPort", FreePorts.Next().ToString(CultureInfo.InvariantCulture),
            // The copy-link test opens the lab under a name that is not loopback, as a colleague on the LAN would.
            "--AllowedHosts", $"localhost;127.0.0.1;[::1];{LabInTheBrowser.LanHost}",
        })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the lab");
        var lab = new LabProcess(process, url, data);
        process.OutputDataReceived += (_, e) => lab.Append(e.Data);
        process.ErrorDataReceived += (_, e) => lab.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        while (true)
        {
            if (process.HasExited) throw new InvalidOperationException($"The lab exited with {process.ExitCode}:\n{lab.Output}");
            try
            {
                if ((await http.GetAsync($"{url}/api/experiments", timeout.Token)).IsSuccessStatusCode) return lab;
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(250, timeout.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            using (var term = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)])) await term.WaitForExitAsync();
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            try { await process.WaitForExitAsync(grace.Token); }
            catch (OperationCanceledException) { process.Kill(entireProcessTree: true); }
        }
        process.Dispose();
        try { Directory.Delete(DataDirectory, recursive: true); }
        catch (IOException) { }
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (output) output.WriteLine(line);
    }

    /// <summary>The web app built next to this test project, in the same configuration.</summary>
    private static string WebAssembly()
    {
        // Tests run from tests/Browser.Tests/bin/{Configuration}/{TargetFramework}/.
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = testOutput.Name;
        var configuration = testOutput.Parent!.Name;
        var root = testOutput;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "UNet3D.Lab.sln"))) root = root.Parent;
        if (root is null) throw new InvalidOperationException($"UNet3D.Lab.sln not found above {AppContext.BaseDirectory}");
        var dll = Path.Combine(root.FullName, "src", "Web", "bin", configuration, framework, "UNet3D.Lab.Web.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"Build the web app first: {dll} is missing.", dll);
    }
}
