using System.Diagnostics;
using UNet3D.Lab.Experiments.Losses;
using UNet3D.Lab.Experiments.Models;
using static TorchSharp.torch;

namespace UNet3D.Lab.Experiments.Training;

/// <summary>
/// Trains a U-Net on sparsely annotated volumes: random tiles with labelled voxels, weighted softmax
/// cross-entropy that ignores unlabeled voxels, batch size one as in the paper. A 3D model learns from whole
/// volumes; a 2D model from each annotated plane as an independent image.
/// </summary>
public sealed class Trainer
{
    private readonly UNet model;
    private readonly TrainingSettings settings;
    private readonly Device device;

    public Trainer(UNet model, TrainingSettings settings, Device device)
    {
        settings.Validate();
        if (settings.TileInput.Count != model.Config.SpatialDimensions)
            throw new ArgumentException($"A {model.Config.SpatialDimensions}D model needs {model.Config.SpatialDimensions} tile sizes, got {settings.TileInput.Count}.", nameof(settings));
        this.model = model;
        this.settings = settings;
        this.device = device;
    }

    /// <param name="checkpoints">Save the run every so many steps and after the last one; null saves nothing.</param>
    /// <param name="resume">Continue this checkpoint's run from the step after it: the curve goes on exactly as
    /// the uninterrupted run's would.</param>
    /// <param name="validation">Measure on held-out data now and then; it changes nothing of the training.</param>
    public TrainingOutcome Train(
        IReadOnlyList<TrainingSample> samples,
        Action<TrainingProgress>? progress = null,
        CancellationToken cancellation = default,
        CheckpointOptions? checkpoints = null,
        TrainingCheckpoint? resume = null,
        PeriodicValidation? validation = null)
    {
        if (samples.Count == 0) throw new ArgumentException("At least one training sample is needed.", nameof(samples));
        foreach (var sample in samples) sample.Validate();
        checkpoints?.Validate();

        var tileInput = settings.TileInput.ToArray();
        var tileOutput = model.Geometry.OutputShape(tileInput);
        var weights = settings.ClassWeights?.ToArray() ?? ClassWeighting.Balanced(samples.Select(s => s.Annotation), model.Config.Classes);
        var unlabeled = samples[0].Annotation.Unlabeled;
        if (samples.FirstOrDefault(s => s.Annotation.Unlabeled != unlabeled) is { } other)
            throw new ArgumentException($"Sample '{other.Volume.Name}' marks unlabeled voxels {other.Annotation.Unlabeled}, '{samples[0].Volume.Name}' {unlabeled}: one loss needs one label set.", nameof(samples));
        var loss = new WeightedSoftmaxCrossEntropy(weights, unlabeled);
        var fingerprint = Fingerprint(weights);

        var regions = PrepareRegions(samples, tileInput, tileOutput);
        try
        {
            var sampler = new TileSampler(regions, tileInput, tileOutput);
            var augmenter = settings.Augmentation.AnyEnabled ? new Augmentation.TileAugmenter(settings.Augmentation, unlabeled) : null;
            model.to(device);
            model.train();
            using var optimizer = CreateOptimizer();
            var scaler = settings.Precision == Precision.Fp16 ? new GradientScaler() : null;
            var parameters = model.parameters().ToArray();
            var losses = new List<double>();
            var elapsedBefore = TimeSpan.Zero;
            var first = 1;
            if (resume is not null)
            {
                if (resume.Metadata.Fingerprint != fingerprint)
                    throw new InvalidOperationException($"Checkpoint '{resume.Path}' belongs to a different model, data or settings; it cannot be resumed here.");
                resume.Restore(model, optimizer);
                if (scaler is not null)
                    scaler.Restore(resume.Metadata.GradientScaler
                        ?? throw new InvalidOperationException($"Checkpoint '{resume.Path}' of an fp16 run has no gradient scaler state; it cannot be resumed."));
                losses.AddRange(resume.Metadata.Losses);
                elapsedBefore = TimeSpan.FromSeconds(resume.Metadata.ElapsedSeconds);
                first = resume.Metadata.Step + 1;
            }

            var clock = Stopwatch.StartNew();
            var validating = new Stopwatch();
            for (var step = first; step <= settings.Iterations; step++)
            {
                cancellation.ThrowIfCancellationRequested();
                var rate = LearningRates.At(settings.Schedule, settings.LearningRate, step, settings.Iterations);
                foreach (var group in optimizer.ParamGroups) group.LearningRate = rate;
                double value;
                using (NewDisposeScope())
                {
                    var (input, labels) = sampler.Next(StepRandom.For(settings.Seed, step), augmenter);
                    optimizer.zero_grad();
                    Tensor lossValue;
                    using (Autocast.Enter(settings.Precision))
                        lossValue = loss.Compute(model.forward(input), labels);
                    OptimizerStep.Take(lossValue, parameters, optimizer, settings.GradientClipNorm, scaler);
                    value = lossValue.item<float>();
                }
                if (!double.IsFinite(value))
                    throw new InvalidOperationException($"Training diverged at step {step}: loss is {value}. Lower the learning rate.");
                losses.Add(value);
                var elapsed = elapsedBefore + clock.Elapsed;
                var score = validation is not null && validation.IsDueAfter(step, settings.Iterations) ? Validate(validation, validating) : null;
                progress?.Invoke(new TrainingProgress(step, settings.Iterations, value, rate, elapsed, score));
                // After the step's progress: a checkpoint covers steps whose progress has all been reported.
                if (checkpoints is not null && (step % checkpoints.Interval == 0 || step == settings.Iterations))
                {
                    TrainingCheckpoint.Save(checkpoints.Path, model, optimizer,
                        new CheckpointMetadata(model.Config, tileInput, step, settings.Iterations, elapsed.TotalSeconds, weights, losses.ToArray(), fingerprint, scaler?.State),
                        checkpoints.BeforeCommit);
                    if (step == settings.Iterations) TrainingCheckpoint.Prune(checkpoints.Path);
                }
            }
            return new TrainingOutcome(settings.Iterations, losses.Count > 0 ? losses[^1] : double.NaN, elapsedBefore + clock.Elapsed, weights, validating.Elapsed);
        }
        finally
        {
            foreach (var region in regions) region.Dispose();
        }
    }

    private Metrics.ValidationScore Validate(PeriodicValidation validation, Stopwatch clock)
    {
        clock.Start();
        try
        {
            return validation.Validate();
        }
        finally
        {
            model.train();
            clock.Stop();
        }
    }

    private TorchSharp.Modules.OptimizerHelper CreateOptimizer() =>
        OptimizerFactory.Create(settings.Optimizer, model.parameters(), settings.LearningRate, settings.Momentum);

    /// <summary>Identifies model, tile, optimisation settings and class weights (which reflect the data).</summary>
    private string Fingerprint(float[] weights)
    {
        var text = string.Join("|", model.Config, string.Join(",", settings.TileInput), settings.Seed, settings.Iterations,
            settings.Optimizer, settings.LearningRate.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
            settings.Momentum.ToString("R", System.Globalization.CultureInfo.InvariantCulture), settings.Schedule,
            settings.GradientClipNorm?.ToString("R", System.Globalization.CultureInfo.InvariantCulture) ?? "none", settings.Augmentation,
            string.Join(",", weights.Select(w => w.ToString("R", System.Globalization.CultureInfo.InvariantCulture))))
            // fp32 adds nothing, so checkpoints written before precision existed still resume.
            + (settings.Precision == Precision.Fp32 ? "" : $"|{settings.Precision}");
        return Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)))[..16];
    }

    private List<TrainingRegion> PrepareRegions(IReadOnlyList<TrainingSample> samples, int[] tileInput, int[] tileOutput)
    {
        var regions = new List<TrainingRegion>();
        foreach (var sample in samples)
        {
            using var scope = NewDisposeScope();
            var shape = sample.Volume.Shape;
            var image = tensor(VolumeNormalisation.StandardiseChannels(sample.Volume), [sample.Volume.Channels, shape.Z, shape.Y, shape.X]).to(device);
            var labels = tensor(sample.Annotation.Labels, shape.ToTensorShape());
            if (model.Config.SpatialDimensions == 3)
            {
                regions.Add(TrainingRegion.Create(sample.Volume.Name, image, labels, tileInput, tileOutput, device, sample.Annotation.Unlabeled));
                continue;
            }
            foreach (var plane in AnnotatedPlanes(sample))
            {
                var (planeImage, planeLabels) = plane.Axis switch
                {
                    VolumeAxis.X => (image.select(3, plane.Index), labels.select(2, plane.Index)),
                    VolumeAxis.Y => (image.select(2, plane.Index), labels.select(1, plane.Index)),
                    _ => (image.select(1, plane.Index), labels.select(0, plane.Index)),
                };
                regions.Add(TrainingRegion.Create($"{sample.Volume.Name}/{plane.Axis}{plane.Index}",
                    planeImage.contiguous(), planeLabels.contiguous(), tileInput, tileOutput, device, sample.Annotation.Unlabeled));
            }
        }
        return regions;
    }

    /// <summary>The planes a 2D model learns from: the annotated slices, or every xy plane holding labels.</summary>
    private static IEnumerable<AnnotatedSlice> AnnotatedPlanes(TrainingSample sample)
    {
        if (sample.Annotation.Slices.Count > 0) return sample.Annotation.Slices;
        var shape = sample.Volume.Shape;
        var planeSize = (long)shape.Y * shape.X;
        return Enumerable.Range(0, shape.Z)
            .Where(z => sample.Annotation.Labels.AsSpan((int)(z * planeSize), (int)planeSize).ContainsAnyExcept(sample.Annotation.Unlabeled))
            .Select(z => new AnnotatedSlice(VolumeAxis.Z, z));
    }
}
