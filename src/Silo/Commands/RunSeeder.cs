using UNet3D.Lab.Experiments.Presets;
using UNet3D.Lab.Silo.Series;

namespace UNet3D.Lab.Silo.Commands;

/// <summary>
/// Finished runs as a lab that trained them would have stored them, without training: the variety of the runs table
/// (model, batch normalisation, preset, slices, status, tags, ablations, notes, mean IoU) for benchmarks of the list.
/// Deterministic for a seed.
/// </summary>
public sealed class RunSeeder(int seed)
{
    private const string Alphabet = "abcdefghijkmnpqrstuvwxyz23456789";
    private static readonly string[] TagPool = ["baseline", "bn-sweep", "slices", "table-1", "table-2", "lr:0.005", "seed-sweep", "paper", "cpu-check", "keep"];
    private static readonly int[][] SlicePool = [[1, 1, 1], [2, 2, 2], [4, 4, 4], [8, 8, 8], [2, 0, 0], [0, 4, 0]];
    private static readonly string[] AblationPool = Enumerable.Range(1, 12).Select(i => $"abl-seeded{i:00}").ToArray();

    private readonly Random random = new(seed);

    public ExperimentSnapshot Next(DateTimeOffset now)
    {
        var model = random.NextDouble() < 0.6 ? ModelKind.ThreeD : ModelKind.TwoD;
        var batchNorm = random.NextDouble() < 0.7;
        var preset = Pick(0.5, 0.4) switch { 0 => ExperimentPresets.Smoke, 1 => ExperimentPresets.Cpu, _ => ExperimentPresets.Paper };
        var slices = SlicePool[random.Next(SlicePool.Length)];
        var runSeed = random.Next(1, 6);
        var named = random.NextDouble() < 0.3;
        var config = new ExperimentSpec
        {
            Name = named ? $"{TagPool[random.Next(TagPool.Length)]} run {random.Next(1, 500)}" : "",
            Model = model,
            BatchNorm = batchNorm,
            AnnotatedSlices = slices,
            Preset = preset.Name,
            Seed = runSeed,
        };
        config = config with { Name = config.DisplayName };
        var status = Pick(0.85, 0.09) switch { 0 => ExperimentStatus.Completed, 1 => ExperimentStatus.Failed, _ => ExperimentStatus.Cancelled };
        var created = now - TimeSpan.FromMinutes(random.NextDouble() * 90 * 24 * 60);
        var started = created + TimeSpan.FromSeconds(random.Next(1, 600));
        var seconds = preset == ExperimentPresets.Smoke ? 10 + random.NextDouble() * 50
            : preset == ExperimentPresets.Cpu ? 600 + random.NextDouble() * 1800 : 3600 + random.NextDouble() * 20_000;
        var total = preset.DefaultIterations;
        var step = status == ExperimentStatus.Completed ? total : random.Next(1, total);
        if (status != ExperimentStatus.Completed) seconds *= (double)step / total;

        var metrics = status == ExperimentStatus.Completed ? Metrics(config, total, seconds) : null;
        return new ExperimentSnapshot
        {
            Id = "exp-" + new string(Enumerable.Range(0, 10).Select(_ => Alphabet[random.Next(Alphabet.Length)]).ToArray()),
            Config = config,
            Status = status,
            Step = step,
            TotalSteps = total,
            CreatedAt = created,
            StartedAt = started,
            FinishedAt = started + TimeSpan.FromSeconds(seconds),
            LastLoss = 1.2 * Math.Exp(-3.0 * step / total) + 0.1 + 0.05 * random.NextDouble(),
            BestValidationIou = metrics is { MeanIoU: var iou } && double.IsFinite(iou) ? Math.Min(1, iou + 0.02 * random.NextDouble()) : null,
            Metrics = metrics,
            Error = status == ExperimentStatus.Failed ? "OutOfMemoryException: seeded failure" : null,
            Worker = "seeded (cpu)",
            Attempt = 1,
            Tags = RunAnnotation.NormaliseTags(Enumerable.Range(0, Pick(0.3, 0.4, 0.2)).Select(_ => TagPool[random.Next(TagPool.Length)])),
            Note = random.NextDouble() < 0.1 ? "Seeded note: *why* this run exists." : null,
            Ablations = random.NextDouble() < 0.2 ? [AblationPool[random.Next(AblationPool.Length)]] : [],
        };
    }

    /// <summary>
    /// Made-up series of a run over <paramref name="steps"/> steps (fewer for a run that stopped early): a noisy falling
    /// loss, a cosine learning rate, and the held-out IoU (headline and per class) every twentieth of the way, rising to
    /// its final metrics. Deterministic for <paramref name="seed"/>, and drawn apart from <see cref="Next"/>'s runs.
    /// </summary>
    public static SeriesBatch[] Series(ExperimentSnapshot run, int steps, int seed)
    {
        var random = new Random(seed);
        var last = run.TotalSteps == 0 ? steps : Math.Max(1, (int)((long)steps * run.Step / run.TotalSteps));
        var seconds = (run.FinishedAt - run.StartedAt)?.TotalSeconds ?? steps;
        var pace = seconds / last;
        var level = 0.1 + 0.2 * random.NextDouble();
        var loss = Enumerable.Range(1, last).Select(s => new SeriesPoint(s, 1.2 * Math.Exp(-3.0 * s / steps) + level + 0.08 * (random.NextDouble() - 0.5), s * pace)).ToArray();
        var rate = Enumerable.Range(1, last).Select(s => new SeriesPoint(s, 0.005 * 0.5 * (1 + Math.Cos(Math.PI * s / steps)), s * pace)).ToArray();
        var every = Math.Max(1, steps / 20);
        var measured = Enumerable.Range(1, last).Where(s => s % every == 0 || s == last).ToArray();
        var final = run.Metrics?.MeanIoU is { } mean && double.IsFinite(mean) ? mean : 0.5;
        SeriesPoint Iou(int step, double target) => new(step, Math.Clamp(target * (1 - Math.Exp(-5.0 * step / steps)) + 0.02 * (random.NextDouble() - 0.5), 0, 1), step * pace);
        SeriesBatch[] ious = [new SeriesBatch(MetricSeries.ValidationIou, [.. measured.Select(s => Iou(s, final))]),
            .. Enumerable.Range(0, SegmentationLabels.ClassCount).Select(label =>
                new SeriesBatch(MetricSeries.ValidationIouOf(label), [.. measured.Select(s => Iou(s, label == 2 ? 0.95 : final + 0.05 * (1 - label)))]))];
        return [new SeriesBatch(MetricSeries.Loss, loss), new SeriesBatch(MetricSeries.LearningRate, rate), .. ious];
    }

    private ExperimentResult Metrics(ExperimentSpec config, int iterations, double seconds)
    {
        // Roughly the paper's ordering: 3D above 2D, batch normalisation and more slices help.
        var expected = 0.55 + (config.Model == ModelKind.ThreeD ? 0.1 : 0) + (config.BatchNorm ? 0.04 : 0) + 0.02 * config.AnnotatedSlices.Sum() / 3.0;
        var samples = new[] { "S1", "S2", "S3" }.Select(name =>
        {
            var iou = Math.Clamp(expected + 0.08 * (random.NextDouble() - 0.5), 0, 1);
            return new SampleResult(name, iou, [iou + 0.05, iou, 0.95], [0.8, 0.8, 0.97], 100_000, 0.02);
        }).ToArray();
        // An undefined IoU now and then, as an empty class gives.
        var mean = random.NextDouble() < 0.01 ? double.NaN : samples.Average(s => s.IoU);
        return new ExperimentResult(samples, mean, [1], [1, 2, 0.5f], 1_000_000, config.BatchNorm ? 1000 : 0, iterations,
            0.1 + 0.4 * random.NextDouble(), seconds * 0.9, seconds * 0.1, "cpu");
    }

    /// <summary>0 with probability p[0], 1 with p[1], …, and p.Length with what is left.</summary>
    private int Pick(params double[] probabilities)
    {
        var draw = random.NextDouble();
        for (var i = 0; i < probabilities.Length; i++)
        {
            if (draw < probabilities[i]) return i;
            draw -= probabilities[i];
        }
        return probabilities.Length;
    }
}
