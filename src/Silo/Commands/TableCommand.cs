using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using UNet3D.Lab.Experiments.Training;
using UNet3D.Lab.Silo.Grains;
using UNet3D.Lab.Silo.Hosting;
using UNet3D.Lab.Silo.Ablations;

namespace UNet3D.Lab.Silo.Commands;

/// <summary>
/// <c>table 1|2|3 --out DIR</c>: reproduces one of the paper's tables headless. Starts a silo in this process (its
/// own ports, the lab's storage in <c>--data-dir</c>), runs the table as a suite, prints progress, then the table in
/// Markdown with the claims, and writes <c>tableN.csv</c> and <c>tableN.md</c> into <c>--out</c>. Cells already
/// computed in the same data folder are reused unless <c>--fresh</c>; an interrupted run continues where it stopped
/// when the same command runs again.
/// </summary>
public static class TableCommand
{
    private const string Usage = "table 1|2|3 --out DIR [--preset smoke|cpu|paper] [--seeds N] [--dataset ID ...]";

    /// <summary>How often progress is read, and the suite polls its runs.</summary>
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    public static string DefaultDataDirectory()
    {
        var root = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData);
        return Path.Combine(string.IsNullOrEmpty(root) ? Path.GetTempPath() : root, "UNet3D.Lab", "tables");
    }

    public static Command Create()
    {
        var number = new Argument<int>("number")
        {
            Description = "The paper's table: 1, 2 or 3.",
            CustomParser = result =>
            {
                if (int.TryParse(result.Tokens[0].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var table)) return table;
                result.AddError($"table needs the table's number first, not '{result.Tokens[0].Value}': {Usage}");
                return 0;
            },
        };
        var outDirectory = new Option<string?>("--out") { Description = "The folder for tableN.csv and tableN.md (required).", HelpName = "DIR" };
        var preset = SharedOptions.Preset("Sizes and steps of every network.", "smoke");
        var seeds = SharedOptions.WithDefault(SharedOptions.Integer("--seeds", "Seeds per cell: mean ± sd over seeds 1..N."), 1);
        var datasets = Datasets();
        var iterations = SharedOptions.Integer("--iterations", "Training steps per network (default: the preset's).", 1, "a network trains at least one step");
        var precision = SharedOptions.Precision();
        var fresh = new Option<bool>("--fresh") { Description = "Retrain cells already computed in the data directory." };
        var dataDirectory = SharedOptions.DataDirectory("The lab's storage for this table's runs; finished cells there are reused.", DefaultDataDirectory());
        var device = SharedOptions.Device();
        var slots = SharedOptions.Integer("--slots", "Networks trained at once (default: min(cores, 4) on the CPU, 1 on a GPU).", 1, "something has to train");
        var threads = SharedOptions.Integer("--threads", "libtorch threads per network, 0 for libtorch's choice (default: the cores shared out on the CPU).", 0, "0 is libtorch's choice");
        var command = new Command("table", "Reproduce one of the paper's tables headless and write tableN.csv and tableN.md.")
        {
            number, outDirectory, preset, seeds, datasets, iterations, precision, fresh, dataDirectory, device, slots, threads,
        };
        command.Validators.Add(result =>
        {
            if (result.GetResult(outDirectory) is null) result.AddError("Option --out DIR is required: the folder for tableN.csv and tableN.md.");
        });
        command.SetAction((parse, cancellation) => RunAsync(new Settings(
            parse.GetValue(number), parse.GetValue(outDirectory)!, parse.GetValue(preset)!, parse.GetValue(seeds)!.Value, parse.GetValue(datasets),
            parse.GetValue(iterations), parse.GetValue(fresh), Path.GetFullPath(parse.GetValue(dataDirectory)!), parse.GetValue(device)!,
            parse.GetValue(slots), parse.GetValue(threads), parse.GetValue(precision) ?? Precision.Fp32), parse.InvocationConfiguration.Output, cancellation));
        return command;
    }

    /// <summary>--dataset takes one or more ids (also comma-separated) and may be repeated.</summary>
    private static Option<string[]?> Datasets() => new("--dataset")
    {
        Description = "Datasets to use instead of the phantom's (ids from data list): one or more, also comma-separated.",
        HelpName = "ID",
        Arity = ArgumentArity.OneOrMore,
        AllowMultipleArgumentsPerToken = true,
        CustomParser = result => result.Tokens
            .SelectMany(t => t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToArray(),
    };

    private sealed record Settings(int Table, string OutDirectory, string Preset, int Seeds, string[]? Datasets, int? Iterations, bool Fresh,
        string DataDirectory, string Device, int? Slots, int? Threads, Precision Precision);

    private static async Task<int> RunAsync(Settings settings, TextWriter output, CancellationToken cancellation)
    {
        var (table, outDirectory, dataDirectory) = (settings.Table, settings.OutDirectory, settings.DataDirectory);
        var request = new TableRequest
        {
            Table = table,
            Preset = settings.Preset,
            Seeds = settings.Seeds,
            Datasets = settings.Datasets is { Length: > 0 } ids ? ids : null,
            Iterations = settings.Iterations,
            Fresh = settings.Fresh,
            Precision = settings.Precision,
        };

        var clock = Stopwatch.StartNew();
        var (slots, threads, device) = Training(settings);
        using var host = BuildHost(dataDirectory, settings.Device, slots, threads);
        var problems = TablePlanner.Problems(request, host.Services.GetRequiredService<IDatasetMetadata>());
        if (problems.Count > 0)
            throw new ArgumentException(string.Join("; ", problems.Select(p => $"--{OptionOf(p.Field)}: {p.Message}")));

        await host.StartAsync(cancellation);
        try
        {
            var grains = host.Services.GetRequiredService<IGrainFactory>();
            var suiteGrain = grains.GetGrain<IAblationGrain>(AblationIds.NewTable());
            var suite = await suiteGrain.StartTable(request);
            var first = suite.Cells[0].Config;
            output.WriteLine(FormattableString.Invariant(
                $"table {table}: {suite.Cells.Length} cells x {request.Seeds} seed(s) = {suite.RunCount} networks, preset {first.Preset}, {first.EffectiveIterations} iterations each, precision {LabJson.NameOf(first.Precision)}, datasets {string.Join(", ", suite.Datasets)}"));
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
                await Task.Delay(PollInterval, cancellation);
                suite = await suiteGrain.Get() ?? throw new InvalidOperationException($"Suite {suite.Id} vanished.");
            }

            var report = AblationTableReport.Of(suite);
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
            return suite.Status == AblationStatus.Completed ? 0 : 1;
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
    private static string Progress(AblationSnapshot suite, TimeSpan elapsed)
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
    /// slot and libtorch's threads and 193 s with two slots of one thread (2 shared cores). The thread count changes
    /// the float32 results (one thread and two differ from the second step on); every result records its count.
    /// </summary>
    private static (int Slots, int Threads, string Device) Training(Settings settings)
    {
        var device = TorchDevices.Select(settings.Device);
        var described = TorchDevices.Describe(device);
        var cores = Environment.ProcessorCount;
        var onCpu = device.type == TorchSharp.DeviceType.CPU;
        var slots = settings.Slots ?? (onCpu ? Math.Clamp(cores, 1, 4) : 1);
        var threads = settings.Threads ?? (onCpu ? Math.Max(1, cores / slots) : 0);
        return (slots, threads, described);
    }

    private static IHost BuildHost(string dataDirectory, string device, int slots, int threads)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [] });
        var settings = new Dictionary<string, string?>
        {
            ["Lab:DataDirectory"] = dataDirectory,
            ["Lab:Device"] = device,
            ["Lab:WorkerSlots"] = slots.ToString(CultureInfo.InvariantCulture),
            ["Lab:TorchThreads"] = threads.ToString(CultureInfo.InvariantCulture),
            ["Lab:AblationPollInterval"] = PollInterval.ToString("c", CultureInfo.InvariantCulture),
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
