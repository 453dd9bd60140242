using System.Diagnostics;
using UNet3D.Lab.Experiments.Augmentation;
using UNet3D.Lab.Experiments.Metrics;
using UNet3D.Lab.Experiments.Models;
using UNet3D.Lab.Experiments.Presets;
using UNet3D.Lab.Experiments.Training;
using static TorchSharp.torch;

namespace UNet3D.Lab.Experiments.Runs;

/// <summary>
/// Runs one experiment end to end: annotate planes of each training volume, train one network on all of them,
/// segment every volume it is measured on densely, and score each on the voxels <see cref="ExperimentData"/> set
/// aside for testing, also every <see cref="ExperimentSpec.EvaluateEvery"/> steps while it trains.
/// </summary>
/// <param name="threads">libtorch threads per operation, which the float32 results depend on
/// (<see cref="TorchThreads"/>); 0 takes libtorch's choice for this machine.</param>
public sealed class ExperimentRunner(Device device, IDatasetSource? datasets = null, int threads = 0)
{
    private readonly IDatasetSource source = datasets ?? PhantomDatasets.Shared;
    private readonly int threads = threads >= 0 ? threads
        : throw new ArgumentOutOfRangeException(nameof(threads), threads, "libtorch threads per operation must be 1 or more, or 0 for libtorch's choice.");

    /// <param name="checkpoints">Where to save the run while it trains; null saves nothing.</param>
    /// <param name="resume">A checkpoint of this same experiment to continue from.</param>
    /// <param name="startFrom">The final checkpoint of <see cref="ExperimentSpec.StartFrom"/>, whose weights the network starts from.</param>
    public ExperimentResult Run(
        ExperimentSpec spec,
        Action<TrainingProgress>? progress = null,
        CancellationToken cancellation = default,
        CheckpointOptions? checkpoints = null,
        TrainingCheckpoint? resume = null,
        TrainingCheckpoint? startFrom = null)
    {
        spec = spec.EnsureValid().Resolved();
        // Set on this thread, which trains and measures: it may have inherited any count from the rest of the process.
        var threadCount = TorchThreads.Use(threads);
        var preset = ExperimentPresets.Get(spec.Preset);
        var data = ExperimentData.Prepare(spec, source);
        var samples = data.Training;

        var dimensions = spec.Model == ModelKind.ThreeD ? 3 : 2;
        var config = new UNetConfig(dimensions, data.Channels, data.LabelSet.Count,
            preset.BaseChannels, preset.Levels, spec.BatchNorm);
        var tile = preset.TileFor(dimensions);

        // Same seed, same initial weights and same tiles: runs are reproducible on the CPU.
        using var model = UNetFactory.Create(config);
        WeightInitialisation.Apply(model, spec.Seed);
        if (spec.StartFrom is { } previous && resume is null) StartFrom(model, previous, startFrom);
        var parameters = model.CountParameters();
        var settings = new TrainingSettings
        {
            Iterations = spec.EffectiveIterations,
            TileInput = tile,
            Seed = spec.Seed,
            Optimizer = spec.Optimizer!.Value,
            LearningRate = spec.LearningRate!.Value,
            Schedule = spec.EffectiveSchedule,
            ClassWeights = spec.ClassWeights,
            GradientClipNorm = spec.GradientClipNorm is 0 ? null : spec.GradientClipNorm,
            Precision = spec.Precision,
            Augmentation = spec.EffectiveAugment ? new AugmentationSettings() : AugmentationSettings.None,
        };
        var evaluation = new HeldOutEvaluation(model, data.Evaluation, preset.InferenceTileFor(dimensions),
            spec.BatchStatisticsAtInference, spec.EffectiveIouClasses, device, data.LabelSet, spec.Precision);
        var validation = new PeriodicValidation(spec.EvaluateEvery!.Value, () => evaluation.Validate(cancellation));
        var outcome = new Trainer(model, settings, device).Train(samples, progress, cancellation, checkpoints, resume, validation);

        var clock = Stopwatch.StartNew();
        var scores = evaluation.Score(cancellation);
        // Samples trained on come first, with their annotated share; test datasets were never annotated.
        var results = scores.Select((s, i) => new SampleResult(s.Sample, s.HeadlineIoU, s.IoU, s.Dice, s.EvaluatedVoxels,
            i < samples.Count ? samples[i].Annotation.AnnotatedFraction : 0)).ToArray();
        return new ExperimentResult(
            results,
            ValidationScore.Of(scores).HeadlineIoU,
            spec.EffectiveIouClasses,
            outcome.ClassWeights,
            parameters.Network,
            parameters.BatchNorm,
            outcome.Steps,
            outcome.FinalLoss,
            outcome.Elapsed.TotalSeconds,
            clock.Elapsed.TotalSeconds,
            TorchDevices.Describe(device),
            outcome.ValidationTime.TotalSeconds,
            threadCount,
            data.LabelSet.Names);
    }

    private static void StartFrom(UNet model, string experimentId, TrainingCheckpoint? checkpoint)
    {
        if (checkpoint is null)
            throw new InvalidOperationException($"The experiment starts from '{experimentId}', but no checkpoint of it was given to start from.");
        if (checkpoint.Metadata.Model != model.Config)
            throw new InvalidExperimentSpecException([new SpecProblem("startFrom",
                $"'{experimentId}' trained a network built as {checkpoint.Metadata.Model}; this experiment builds {model.Config}")]);
        checkpoint.Restore(model, optimizer: null);
    }
}
