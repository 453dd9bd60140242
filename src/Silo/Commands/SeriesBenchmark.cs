using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using UNet3D.Lab.Silo.Series;

namespace UNet3D.Lab.Silo.Commands;

/// <summary>
/// <c>bench series</c>: a series of the given length appended to a fresh LiteDB file in batches as a worker sends
/// them, read back whole (count and checksum checked), and the time to read it cut down to a chart's 2,000 points,
/// beside a 70,000-point series (the paper's run) cut down the same way. The numbers go to the output.
/// </summary>
public static class SeriesBenchmark
{
    private const int ChartPoints = 2000;
    private const int PaperSteps = 70_000;

    public static int Run(int points, int batch, int repetitions, string parentDirectory, TextWriter output)
    {
        var directory = Path.Combine(Path.GetFullPath(parentDirectory), $"bench-series-{Guid.NewGuid():N}");
        try
        {
            using var database = new LabDatabase(Options.Create(new LabOptions { DataDirectory = directory }), NullLogger<LabDatabase>.Instance);
            var store = new SeriesStore(database);

            var paper = Append(store, "paper", PaperSteps, batch);
            output.WriteLine(Invariant($"append {PaperSteps:N0} points in batches of {batch}: {paper.Seconds:F2} s"));
            var appended = Append(store, "long", points, batch);
            output.WriteLine(Invariant($"append {points:N0} points in batches of {batch}: {appended.Seconds:F2} s ({points / appended.Seconds:N0} points/s), lab.db {new FileInfo(database.FilePath).Length / 1e6:F1} MB"));

            var whole = Stopwatch.StartNew();
            var read = new Checksum();
            var count = store.Scan("long", MetricSeries.Loss, read.Add);
            whole.Stop();
            if (count != points || read.Value != appended.Checksum)
                throw new InvalidOperationException(Invariant($"The series read back holds {count:N0} points with checksum {read.Value:X16}; {points:N0} with {appended.Checksum:X16} were appended."));
            output.WriteLine(Invariant($"read back whole: {count:N0} points in {whole.Elapsed.TotalMilliseconds:F0} ms, count and checksum match"));

            output.WriteLine(Invariant($"read {PaperSteps:N0} → {ChartPoints:N0} points: {Median(() => store.Read("paper", MetricSeries.Loss, maxPoints: ChartPoints), repetitions):F1} ms (median of {repetitions}, the read included)"));
            output.WriteLine(Invariant($"read {points:N0} → {ChartPoints:N0} points: {Median(() => store.Read("long", MetricSeries.Loss, maxPoints: ChartPoints), repetitions):F1} ms (median of {repetitions}, the read included)"));
            var tail = Math.Max(0, points - 1000);
            output.WriteLine(Invariant($"read the last 1,000 steps of {points:N0} (from={tail + 1}): {Median(() => store.Read("long", MetricSeries.Loss, from: tail + 1, maxPoints: ChartPoints), repetitions):F2} ms (median of {repetitions})"));
            return 0;
        }
        finally
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>A loss-like curve: falling, noisy, with a spike every 10,007 steps.</summary>
    private static (double Seconds, ulong Checksum) Append(SeriesStore store, string run, int points, int batch)
    {
        var random = new Random(points);
        var checksum = new Checksum();
        var clock = Stopwatch.StartNew();
        for (var first = 1; first <= points; first += batch)
        {
            var chunk = new SeriesPoint[Math.Min(batch, points - first + 1)];
            for (var i = 0; i < chunk.Length; i++)
            {
                var step = first + i;
                var value = 1.0 / Math.Sqrt(step) + 0.05 * random.NextDouble() + (step % 10_007 == 0 ? 5 : 0);
                chunk[i] = new SeriesPoint(step, value, step * 0.05);
                checksum.Add(chunk[i]);
            }
            store.Append(run, MetricSeries.Loss, chunk);
        }
        return (clock.Elapsed.TotalSeconds, checksum.Value);
    }

    private static double Median(Func<SeriesPage?> read, int repetitions)
    {
        read(); // warm-up: JIT and LiteDB's page cache
        var times = new List<double>();
        for (var i = 0; i < repetitions; i++)
        {
            var clock = Stopwatch.StartNew();
            var page = read() ?? throw new InvalidOperationException("The series vanished.");
            times.Add(clock.Elapsed.TotalMilliseconds);
            if (page.Points.Length > ChartPoints) throw new InvalidOperationException($"A read for {ChartPoints} points returned {page.Points.Length}.");
        }
        times.Sort();
        return times[times.Count / 2];
    }

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);

    /// <summary>An order-sensitive hash of the points (FNV-1a over step, value and seconds).</summary>
    private sealed class Checksum
    {
        public ulong Value { get; private set; } = 14695981039346656037;

        public void Add(SeriesPoint point)
        {
            foreach (var word in new[] { (ulong)point.Step, (ulong)BitConverter.DoubleToInt64Bits(point.Value), (ulong)BitConverter.DoubleToInt64Bits(point.Seconds) })
                Value = (Value ^ word) * 1099511628211;
        }
    }
}
