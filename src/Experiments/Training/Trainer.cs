using System.Diagnostics;
using TorchSharp;
using UNet3D.Lab.Experiments.Data;
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

    public TrainingOutcome Train(IReadOnlyList<TrainingSample> samples, Action<TrainingProgress>? progress = null, CancellationToken cancellation = default)
    {
        if (samples.Count == 0) throw new ArgumentException("At least one training sample is needed.", nameof(samples));
        foreach (var sample in samples) sample.Validate();

        var tileInput = settings.TileInput.ToArray();
        var tileOutput = model.Geometry.OutputShape(tileInput);
        var weights = settings.ClassWeights?.ToArray() ?? ClassWeighting.Balanced(samples.Select(s => s.Annotation), model.Config.Classes);
        var loss = new WeightedSoftmaxCrossEntropy(weights);

        var regions = PrepareRegions(samples, tileInput, tileOutput);
        try
        {
            var sampler = new TileSampler(regions, tileInput, tileOutput, new Random(settings.Seed));
            model.to(device);
            model.train();
            using var optimizer = CreateOptimizer();
            var clock = Stopwatch.StartNew();
            double lastLoss = double.NaN;
            for (var step = 1; step <= settings.Iterations; step++)
            {
                cancellation.ThrowIfCancellationRequested();
                using (NewDisposeScope())
                {
                    var (input, labels) = sampler.Next();
                    optimizer.zero_grad();
                    var value = loss.Compute(model.forward(input), labels);
                    value.backward();
                    if (settings.GradientClipNorm is { } clip)
                        nn.utils.clip_grad_norm_(model.parameters(), clip);
                    optimizer.step();
                    lastLoss = value.item<float>();
                }
                if (!double.IsFinite(lastLoss))
                    throw new InvalidOperationException($"Training diverged at step {step}: loss is {lastLoss}. Lower the learning rate.");
                progress?.Invoke(new TrainingProgress(step, settings.Iterations, lastLoss, clock.Elapsed));
            }
            return new TrainingOutcome(settings.Iterations, lastLoss, clock.Elapsed, weights);
        }
        finally
        {
            foreach (var region in regions) region.Dispose();
        }
    }

    private optim.Optimizer CreateOptimizer() => settings.Optimizer switch
    {
        OptimizerKind.Sgd => optim.SGD(model.parameters(), settings.LearningRate, settings.Momentum),
        OptimizerKind.Adam => optim.Adam(model.parameters(), settings.LearningRate),
        _ => throw new ArgumentOutOfRangeException(nameof(settings), settings.Optimizer, "Unknown optimizer."),
    };

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
                regions.Add(TrainingRegion.Create(sample.Volume.Name, image, labels, tileInput, tileOutput, device));
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
                    planeImage.contiguous(), planeLabels.contiguous(), tileInput, tileOutput, device));
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
            .Where(z => sample.Annotation.Labels.AsSpan((int)(z * planeSize), (int)planeSize).ContainsAnyExcept(SegmentationLabels.Unlabeled))
            .Select(z => new AnnotatedSlice(VolumeAxis.Z, z));
    }
}
