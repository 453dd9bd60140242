using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Web;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using UNet3D.Lab.Silo.Runs;

namespace UNet3D.Lab.Silo.Commands;

/// <summary>
/// <c>bench seed-runs</c> stores finished runs made up by <see cref="RunSeeder"/> (grain states as the experiment grain
/// writes them, and their run index rows); <c>bench list</c> times queries of the run index in process. The lab must
/// not be running on the same data directory: its LiteDB file belongs to one process at a time.
/// </summary>
public static class RunIndexBenchmark
{
    private const string ExperimentState = "experiment";

    private static readonly string[] DefaultQueries =
        ["limit=50&sort=-meanIou", "status=completed&model=3d&tag=baseline&sort=-meanIou&limit=50", "search=bn&sort=name&limit=50&offset=50"];

    public static Command SeedRuns()
    {
        var count = SharedOptions.WithDefault(SharedOptions.Integer("--count", "How many runs to store.", 1, "store at least one run"), 2000);
        var seed = SharedOptions.WithDefault(SharedOptions.Integer("--seed", "Seed of the made-up runs."), 2016);
        var seriesSteps = SharedOptions.WithDefault(SharedOptions.Integer("--series-steps",
            "Steps of the made-up loss, learning-rate and held-out IoU series each run gets (0: none), for benchmarks of the compare view.", 0, "use 0 for no series"), 0);
        var dataDirectory = DataDirectory();
        var command = new Command("seed-runs", "Store made-up finished runs (no training) in a lab's data directory, for benchmarks of the runs table and the compare view.")
        {
            count, seed, seriesSteps, dataDirectory,
        };
        command.SetAction(parse => WithDatabase(parse.GetValue(dataDirectory)!, database =>
            Seed(database, parse.GetValue(count)!.Value, parse.GetValue(seed)!.Value, parse.GetValue(seriesSteps)!.Value, parse.InvocationConfiguration.Output)));
        return command;
    }

    public static Command List()
    {
        var queries = new Option<string[]>("--query")
        {
            Description = $"A query string of GET /api/experiments to time; repeat for more (default: {string.Join(", ", DefaultQueries)}).",
            HelpName = "QUERY",
            DefaultValueFactory = _ => DefaultQueries,
        };
        queries.Validators.Add(result =>
        {
            foreach (var text in result.GetValueOrDefault<string[]>() ?? [])
                if (Parse(text).Problems is { Count: > 0 } problems)
                    result.AddError($"Option --query '{text}': {string.Join("; ", problems)}.");
        });
        var repetitions = SharedOptions.WithDefault(SharedOptions.Integer("--repetitions", "Timed runs per query; the median is printed.", 1, "the median needs a run"), 30);
        var dataDirectory = DataDirectory();
        var command = new Command("list", "Milliseconds per query of the runs table's index (median), in process.") { queries, repetitions, dataDirectory };
        command.SetAction(parse => WithDatabase(parse.GetValue(dataDirectory)!, database =>
            Time(new RunIndex(database), parse.GetValue(queries)!, parse.GetValue(repetitions)!.Value, parse.InvocationConfiguration.Output)));
        return command;
    }

    private static int Seed(LabDatabase database, int count, int seed, int seriesSteps, TextWriter output)
    {
        var storage = new LiteDbGrainStorage(database);
        var index = new RunIndex(database);
        var series = new Series.SeriesStore(database);
        var seeder = new RunSeeder(seed);
        var now = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            var snapshot = seeder.Next(now);
            var state = new GrainState<ExperimentState>(new ExperimentState { Snapshot = snapshot });
            // Synchronous underneath: the storage writes LiteDB before it returns.
            storage.WriteStateAsync(ExperimentState, GrainId.Create(ExperimentState, snapshot.Id), state).GetAwaiter().GetResult();
            index.Write(RunRow.Of(snapshot, now));
            if (seriesSteps > 0) series.Append(snapshot.Id, RunSeeder.Series(snapshot, seriesSteps, seed * 7919 + i));
        }
        var withSeries = seriesSteps > 0 ? FormattableString.Invariant($" with series of up to {seriesSteps} steps") : "";
        output.WriteLine(FormattableString.Invariant($"seed-runs: stored {count} finished runs{withSeries} in {database.FilePath} in {clock.Elapsed.TotalSeconds:F1} s"));
        return 0;
    }

    private static int Time(RunIndex index, string[] queries, int repetitions, TextWriter output)
    {
        foreach (var text in queries)
        {
            var query = Parse(text).Query!;
            var page = index.Query(query); // warm-up: LiteDB's pages and the JIT
            var times = new double[repetitions];
            for (var i = 0; i < repetitions; i++)
            {
                var clock = Stopwatch.StartNew();
                page = index.Query(query);
                times[i] = clock.Elapsed.TotalMilliseconds;
            }
            Array.Sort(times);
            output.WriteLine(FormattableString.Invariant(
                $"list {text}: {Median(times):F2} ms (median of {repetitions}; min {times[0]:F2}, max {times[^1]:F2}), {page.Items.Length} of {page.Total} runs"));
        }
        return 0;
    }

    /// <summary>The median of values sorted ascending (the bench commands' one definition).</summary>
    internal static double Median(double[] sorted) =>
        sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;

    private static (RunQuery? Query, IReadOnlyList<SpecProblem> Problems) Parse(string text)
    {
        var parsed = HttpUtility.ParseQueryString(text.TrimStart('?'));
        return RunQueryParameters.Parse(parsed.AllKeys.Select(key =>
            KeyValuePair.Create(key ?? "", new StringValues(parsed.GetValues(key)))));
    }

    private static Option<string> DataDirectory() =>
        SharedOptions.DataDirectory("The lab's data directory (Lab:DataDirectory).", new LabOptions().DataDirectory);

    private static int WithDatabase(string dataDirectory, Func<LabDatabase, int> run)
    {
        using var database = new LabDatabase(Options.Create(new LabOptions { DataDirectory = dataDirectory }), NullLogger<LabDatabase>.Instance);
        try
        {
            return run(database);
        }
        catch (LiteDB.LiteException e)
        {
            throw new InvalidOperationException($"{database.FilePath}: {e.Message}", e);
        }
    }
}
