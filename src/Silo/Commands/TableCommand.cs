using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using UNet3D.Lab.Experiments.Training;
using UNet3D.Lab.Silo.Grains;
using UNet3D.Lab.Silo.Hosting;
using UNet3D.Lab.Silo.Models;
using UNet3D.Lab.Silo.Suites;

namespace UNet3D.Lab.Silo.Commands;

/// <summary>
/// <c>table 1|2|3 --out DIR [--preset smoke|cpu|paper] [--seeds N] [--dataset ID ...] [--iterations N] [--fresh]
/// [--data-dir DIR] [--device auto|cpu|cuda] [--slots N] [--threads N]</c>: reproduces one of the paper's tables
/// headless. Starts a silo in this process (its own ports, the lab's storage in <c>--data-dir</c>), runs the table as a
/// suite, prints progress, then the table in Markdown with the claims, and writes <c>tableN.csv</c> and
/// <c>tableN.md</c> into <c>--out</c>. Cells already computed in the same data folder are reused unless
/// <c>--fresh</c>; an interrupted run continues where it stopped when the same command runs again.
/// </summary>
public static class TableCommand
{
    public static string DefaultDataDirectory()
    {
        var root = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData);
        return Path.Combine(string.IsNullOrEmpty(root) ? Path.GetTempPath() : root, "UNet3D.Lab", "tables");
    }

    /// <param name="pollInterval">How often progress is read; one second unless a test asks for less.</param>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, CancellationToken cancellation, TimeSpan? pollInterval = null)
    {
        if (args.Count == 0 || !int.TryParse(args[0], NumberStyles.None, CultureInfo.InvariantCulture, out var table))
            throw new ArgumentException("table needs the table's number first: table 1|2|3 --out DIR [--preset smoke|cpu|paper] [--seeds N] [--dataset ID ...]");
        var (datasets, rest) = TakeDatasets(args.Skip(1).ToArray());
        var options = CommandLineOptions.Parse(rest, flags: ["fresh"]);
        var outDirectory = options.Value("out") ?? throw new ArgumentException("Option --out DIR is required: the folder for tableN.csv and tableN.md.");
        var request = new SuiteRequest
        {
            Table = table,
            Preset = options.Value("preset") ?? "smoke",
            Seeds = options.Int("seeds") ?? 1,
            Datasets = datasets.Count > 0 ? datasets.ToArray() : null,
            Iterations = options.Int("iterations"),
            Fresh = options.Has("fresh"),
        };
        var dataDirectory = Path.GetFullPath(options.Value("data-dir") ?? DefaultDataDirectory());
        var interval = pollInterval ?? TimeSpan.FromSeconds(1);

        var clock = Stopwatch.StartNew();
        var (slots, threads, device) = Training(options);
        using var host = BuildHost(dataDirectory, options, interval, slots, threads);
        var problems = SuitePlanner.Problems(request, host.Services.GetRequiredService<IDatasetMetadata>());
        if (problems.Count > 0)
            throw new ArgumentException(string.Join("; ", problems.Select(p => $"--{OptionOf(p.Field)}: {p.Message}")));

        await host.StartAsync(cancellation);
        try
        {
            var grains = host.Services.GetRequiredService<IGrainFactory>();
            var suiteGrain = grains.GetGrain<ISuiteGrain>(SuiteIds.New());
            var suite = await suiteGrain.Start(request);
            var first = suite.Cells[0].Config;
            output.WriteLine(FormattableString.Invariant(
                $"table {table}: {suite.Cells.Length} cells x {request.Seeds} seed(s) = {suite.RunCount} networks, preset {first.Preset}, {first.EffectiveIterations} iterations each, datasets {string.Join(", ", suite.Datasets)}"));
            output.WriteLine($"suite {suite.Id}, lab data in {dataDirectory}; {slots} network(s) at a time on {device}, {(threads == 0 ? "libtorch's default threads" : $"{threads} libtorch thread(s)")}");

            var started = clock.Elapsed;
            var lastLine = "";
            var lastPrinted = TimeSpan.Zero;
            while (true)
            {
                var line = Progress(suite, clock.Elapsed - started);
                var counts = line[..line.IndexOf(" ·", StringComparison.Ordinal)];
                if (counts != lastLine || clock.Elapsed - lastPrinted >= TimeSpan.FromSeconds(30) || suite.IsFinished)
                {
                    output.WriteLine($"[{Clock(clock.Elapsed)}] {line}");
                    (lastLine, lastPrinted) = (counts, clock.Elapsed);
                }
                if (suite.IsFinished) break;
                await Task.Delay(interval, cancellation);
                suite = await suiteGrain.Get() ?? throw new InvalidOperationException($"Suite {suite.Id} vanished.");
            }

            var report = SuiteReport.Of(suite);
            output.WriteLine();
            output.Write(report.Markdown);
            output.WriteLine();
            Directory.CreateDirectory(outDirectory);
            var csv = Path.Combine(outDirectory, $"table{table}.csv");
            var markdown = Path.Combine(outDirectory, $"table{table}.md");
            await File.WriteAllTextAsync(csv, report.Csv, CancellationToken.None);
            await File.WriteAllTextAsync(markdown, report.Markdown, CancellationToken.None);
            output.WriteLine($"wrote {csv} and {markdown}");
            output.WriteLine(FormattableString.Invariant($"{suite.Status.ToString().ToLowerInvariant()} in {clock.Elapsed.TotalSeconds:F0} s ({suite.RunsReused} of {suite.RunCount} networks reused)"));
            return suite.Status == SuiteStatus.Completed ? 0 : 1;
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            output.WriteLine($"interrupted: run the same command again (same --data-dir) to continue; finished cells are reused");
            return 130;
        }
        finally
        {
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await host.StopAsync(grace.Token);
        }
    }

    /// <summary>"cells 3/9 · networks 4/9 (1 reused) · 44% · ETA 00:51"; the ETA extrapolates the networks trained here.</summary>
    private static string Progress(SuiteSnapshot suite, TimeSpan elapsed)
    {
        var trained = suite.Cells.SelectMany(c => c.Runs).Where(r => !r.Reused).ToArray();
        var done = trained.Length == 0 ? 1 : trained.Average(r => r.IsFinished ? 1 : r.Progress);
        var eta = done <= 0 || suite.IsFinished ? "" : $" · ETA {Clock(TimeSpan.FromSeconds(elapsed.TotalSeconds * (1 - done) / done))}";
        var reused = suite.RunsReused > 0 ? $" ({suite.RunsReused} reused)" : "";
        return FormattableString.Invariant($"cells {suite.CellsFinished}/{suite.Cells.Length} · networks {suite.RunsFinished}/{suite.RunCount}{reused} · {suite.Progress * 100:F0}%{eta}");
    }

    /// <summary>Minutes and seconds, the minutes counting on past the hour: "07:05", "75:04" (a TimeSpan's "mm" drops hours).</summary>
    internal static string Clock(TimeSpan span)
    {
        var seconds = (long)Math.Max(0, Math.Round(span.TotalSeconds));
        return string.Create(CultureInfo.InvariantCulture, $"{seconds / 60:00}:{seconds % 60:00}");
    }

    /// <summary>
    /// Slots and libtorch threads: as asked, or on the CPU min(cores, 4) networks at a time with the cores shared
    /// out (2 cores: two networks of one thread each), one network on a GPU. Small networks use one thread poorly
    /// and two threads per step spin against each other on a busy machine: Table 1 at smoke took 624 s with one
    /// slot and libtorch's threads and 193 s with two slots of one thread, with the same numbers (2 shared cores).
    /// </summary>
    private static (int Slots, int Threads, string Device) Training(CommandLineOptions options)
    {
        var device = TorchDevices.Select(options.Value("device") ?? "auto");
        var described = TorchDevices.Describe(device);
        var cores = Environment.ProcessorCount;
        var onCpu = device.type == TorchSharp.DeviceType.CPU;
        var slots = options.Int("slots") ?? (onCpu ? Math.Clamp(cores, 1, 4) : 1);
        if (slots < 1) throw new ArgumentException("Option --slots must be at least 1: something has to train.");
        var threads = options.Int("threads") ?? (onCpu ? Math.Max(1, cores / slots) : 0);
        if (threads < 0) throw new ArgumentException("Option --threads must be 0 (libtorch's choice) or more.");
        return (slots, threads, described);
    }

    private static IHost BuildHost(string dataDirectory, CommandLineOptions options, TimeSpan interval, int slots, int threads)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [] });
        var settings = new Dictionary<string, string?>
        {
            ["Lab:DataDirectory"] = dataDirectory,
            ["Lab:Device"] = options.Value("device") ?? "auto",
            ["Lab:WorkerSlots"] = slots.ToString(CultureInfo.InvariantCulture),
            ["Lab:TorchThreads"] = threads.ToString(CultureInfo.InvariantCulture),
            ["Lab:SuitePollInterval"] = interval.ToString("c", CultureInfo.InvariantCulture),
            ["Lab:WorkerPollInterval"] = TimeSpan.FromMilliseconds(100).ToString("c", CultureInfo.InvariantCulture),
            // Its own ports: a lab may be running on this machine with the defaults.
            ["Lab:Cluster:SiloPort"] = FreePort().ToString(CultureInfo.InvariantCulture),
            ["Lab:Cluster:GatewayPort"] = FreePort().ToString(CultureInfo.InvariantCulture),
            ["Lab:Cluster:Join"] = "",
            ["Lab:Cluster:AdvertisedAddress"] = "",
        };
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        // Warnings and errors only (Orleans: errors); notes about server GC or a slow watchdog say nothing to someone waiting for a table.
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning)
            .AddFilter("Orleans", LogLevel.Error);
        builder.AddLabSilo();
        return builder.Build();
    }

    /// <summary>--dataset takes one or more ids (also comma-separated) and may be repeated.</summary>
    private static (List<string> Datasets, string[] Others) TakeDatasets(string[] args)
    {
        var datasets = new List<string>();
        var rest = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] != "--dataset") { rest.Add(args[i]); continue; }
            var start = datasets.Count;
            while (i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
                datasets.AddRange(args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            if (datasets.Count == start) throw new ArgumentException("Option --dataset needs one or more dataset ids.");
        }
        return (datasets, rest.ToArray());
    }

    private static string OptionOf(string field) => field switch
    {
        "datasets" => "dataset",
        "table" => "table (the first argument)",
        _ => field,
    };

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
