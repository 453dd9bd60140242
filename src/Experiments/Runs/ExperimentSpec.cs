using System.Text.Json.Serialization;
using UNet3D.Lab.Experiments.Presets;
using UNet3D.Lab.Experiments.Training;

namespace UNet3D.Lab.Experiments.Runs;

/// <summary>
/// What a researcher asks for: which model, with or without BatchNorm, how many slices are annotated per axis
/// (x, y, z: the paper's yz, xz and xy planes), which preset, which seeds and how long. The one definition of an
/// experiment's configuration: the engine runs it, the grains store and send it, the HTTP API reads and echoes it
/// (camelCase JSON, these property names) and the pages edit it.
/// </summary>
public sealed record ExperimentSpec
{
    /// <summary>Free text; empty: <see cref="DisplayName"/> derives one from model and BatchNorm.</summary>
    public string Name { get; init; } = "";
    public required ModelKind Model { get; init; }
    public bool BatchNorm { get; init; } = true;
    public IReadOnlyList<int> AnnotatedSlices { get; init; } = [2, 2, 2];
    public string Preset { get; init; } = ExperimentPresets.Smoke.Name;
    public int Seed { get; init; } = 1;

    /// <summary>
    /// Seed of the built-in phantom used when no <see cref="Datasets"/> are named, separate from <see cref="Seed"/>
    /// so experiments share data.
    /// </summary>
    public int DataSeed { get; init; } = PhantomDatasets.Seed;

    /// <summary>
    /// The datasets trained on, each with <see cref="AnnotatedSlices"/> planes annotated unless it names its own
    /// counts; null: the preset's phantom samples S1–S3. They are also measured on, on the voxels with ground truth
    /// that training did not see (semi-automated).
    /// </summary>
    public IReadOnlyList<DatasetSelection>? Datasets { get; init; }

    /// <summary>
    /// Datasets only measured on, never trained on (fully automated): on the planes their counts select, or on every
    /// voxel with ground truth when they name no counts.
    /// </summary>
    public IReadOnlyList<DatasetSelection>? TestDatasets { get; init; }

    /// <summary>Cross-validation over each training dataset's annotated slices: train on all subsets but one, measure on it.</summary>
    public SliceFold? Fold { get; init; }

    /// <summary>
    /// Slice counts (x, y, z) whose planes are also kept out of the measurement: Table 2 tests on slices that none
    /// of its settings used.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<int>>? ExcludedFromTest { get; init; }

    /// <summary>Null takes the preset's default.</summary>
    public int? Iterations { get; init; }

    /// <summary>
    /// The paper's on-the-fly augmentation (elastic deformation, rotation, scaling, gray values); null takes the
    /// preset's default.
    /// </summary>
    public bool? Augment { get; init; }

    /// <summary>
    /// BatchNorm at prediction time uses each tile's own statistics (the paper's choice, batch size one) instead of
    /// the running statistics (the default: deterministic and independent of the tiling).
    /// </summary>
    public bool BatchStatisticsAtInference { get; init; }

    /// <summary>Optimiser, learning rate, schedule and gradient clipping; null takes the preset's.</summary>
    public OptimizerKind? Optimizer { get; init; }

    public double? LearningRate { get; init; }

    public LearningRateSchedule? Schedule { get; init; }

    /// <summary>Largest gradient L2 norm; 0 turns clipping off; null keeps the default of <see cref="DefaultGradientClipNorm"/>.</summary>
    public double? GradientClipNorm { get; init; }

    /// <summary>
    /// The element type the convolutions compute in, training and inference alike: fp32 (the default, the paper's),
    /// bf16 or fp16 (with loss scaling). Weights, BatchNorm, softmax and the loss stay float32.
    /// </summary>
    public Precision Precision { get; init; } = Precision.Fp32;

    /// <summary>Loss weight per label, one per class of the data; null computes inverse-frequency weights from the annotation.</summary>
    public IReadOnlyList<float>? ClassWeights { get; init; }

    /// <summary>Labels averaged in the headline IoU; null: <see cref="HeadlineClass"/> alone.</summary>
    public IReadOnlyList<int>? IouClasses { get; init; }

    /// <summary>
    /// The class the run is about (its headline IoU when <see cref="IouClasses"/> is null, the error overlay's class):
    /// label 1 by default, the paper's tubule for the phantom.
    /// </summary>
    public int HeadlineClass { get; init; } = 1;

    /// <summary>
    /// Steps between measurements of the held-out IoU while the network trains (the voxels and classes of the final
    /// metrics, which are measured after the last step in any case); 0 measures only then; null takes the preset's
    /// <see cref="ExperimentPreset.EvaluateEvery"/>. It changes what is recorded, never what is trained.
    /// </summary>
    public int? EvaluateEvery { get; init; }

    /// <summary>
    /// Train on every labelled voxel of the training datasets (their imported labels and the slices annotated in the
    /// browser) instead of <see cref="AnnotatedSlices"/> planes of them. Nothing of those datasets is left to measure
    /// on, so their held-out scores are empty (NaN over 0 voxels); <see cref="TestDatasets"/> are measured as always.
    /// </summary>
    public bool TrainOnAllLabels { get; init; }

    /// <summary>
    /// The experiment whose final checkpoint the network starts from ("correct and retrain"), instead of the weights
    /// <see cref="Seed"/> draws; null starts from scratch. The optimiser starts afresh; the network must be built the
    /// same way (model, BatchNorm, preset, channels).
    /// </summary>
    public string? StartFrom { get; init; }

    /// <summary><see cref="Name"/>, or "3d with BN" and the like when it is empty.</summary>
    [JsonIgnore]
    public string DisplayName => Name.Length > 0 ? Name : $"{ModelNames.Of(Model)} {(BatchNorm ? "with" : "without")} BN";

    [JsonIgnore]
    public IReadOnlyList<int> EffectiveIouClasses => IouClasses ?? [HeadlineClass];

    [JsonIgnore]
    public bool EffectiveAugment => Augment ?? ExperimentPresets.Get(Preset).AugmentByDefault;

    public const int MaxIterations = 1_000_000;

    public const double DefaultGradientClipNorm = 5;

    /// <summary>
    /// The same experiment with every default written out as it takes effect: the preset's iterations, augmentation,
    /// optimiser, learning rate, schedule and evaluation interval, the clipping norm and the headline classes. Class weights stay null
    /// when they are computed from the annotation. Needs a valid <see cref="Preset"/>.
    /// </summary>
    public ExperimentSpec Resolved()
    {
        var preset = ExperimentPresets.Get(Preset);
        return this with
        {
            Name = DisplayName,
            Preset = preset.Name,
            Iterations = Iterations ?? preset.DefaultIterations,
            Augment = Augment ?? preset.AugmentByDefault,
            Optimizer = Optimizer ?? preset.Optimizer,
            LearningRate = LearningRate ?? preset.LearningRate,
            Schedule = Schedule ?? preset.Schedule,
            GradientClipNorm = GradientClipNorm ?? DefaultGradientClipNorm,
            IouClasses = EffectiveIouClasses,
            EvaluateEvery = EvaluateEvery ?? preset.EvaluateEvery,
        };
    }

    /// <summary>Problems with this spec, each naming its field; empty when valid.</summary>
    public IReadOnlyList<SpecProblem> Problems()
    {
        var problems = new List<SpecProblem>();
        if (Name.Length > 0 && string.IsNullOrWhiteSpace(Name)) problems.Add(new("name", "must not be blank"));
        else if (Name.Length > 200) problems.Add(new("name", $"must be at most 200 characters, not {Name.Length}"));

        ExperimentPreset? preset = null;
        try { preset = ExperimentPresets.Get(Preset); }
        catch (ArgumentException e) { problems.Add(new("preset", e.Message)); }

        if (AnnotatedSlices.Count != 3)
            problems.Add(new("annotatedSlices", $"needs three counts (x, y, z), got {AnnotatedSlices.Count}"));
        else if (AnnotatedSlices.Any(c => c < 0))
            problems.Add(new("annotatedSlices", $"counts cannot be negative: [{string.Join(", ", AnnotatedSlices)}]"));
        else if (AnnotatedSlices.Sum() == 0)
            problems.Add(new("annotatedSlices", "at least one slice must be annotated"));
        else if (preset is not null && Datasets is null)
        {
            for (var sample = 0; sample < XenopusPhantom.SampleCount; sample++)
            {
                var shape = XenopusPhantom.Shape(sample, preset.Phantom);
                foreach (var axis in new[] { VolumeAxis.X, VolumeAxis.Y, VolumeAxis.Z })
                    if (AnnotatedSlices[(int)axis] > shape.Extent(axis))
                        problems.Add(new("annotatedSlices", $"{AnnotatedSlices[(int)axis]} slices along {axis} exceed the {shape.Extent(axis)} voxels of the '{preset.Name}' phantom's S{sample + 1}"));
            }
        }

        CheckDatasets(problems, "datasets", Datasets);
        CheckDatasets(problems, "testDatasets", TestDatasets);
        if (Datasets is { Count: 0 }) problems.Add(new("datasets", "must name at least one dataset to train on, or be left out for the built-in phantom"));
        var all = (Datasets ?? []).Concat(TestDatasets ?? []).Select(d => d.Id).ToArray();
        if (all.Distinct(StringComparer.Ordinal).Count() != all.Length)
            problems.Add(new("testDatasets", "a dataset cannot be used twice, nor both for training and testing"));
        if (TrainOnAllLabels && Datasets is null)
            problems.Add(new("trainOnAllLabels", "needs datasets to train on; the built-in phantom is always trained on annotatedSlices planes"));
        if (TrainOnAllLabels && Fold is not null)
            problems.Add(new("fold", "cannot fold the slices of a run that trains on every labelled voxel (trainOnAllLabels)"));
        if (StartFrom is { } start && (start.Length is 0 or > 64 || !start.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
            problems.Add(new("startFrom", $"must be an experiment id (1 to 64 letters, digits, '-' or '_'), not '{start}'"));
        if (Fold is { } fold && (fold.Count is < 2 or > 10 || fold.Held < 0 || fold.Held >= fold.Count))
            problems.Add(new("fold", $"needs a count from 2 to 10 and a held subset from 0 to count − 1, not count {fold.Count}, held {fold.Held}"));
        if (ExcludedFromTest is { } excluded && excluded.Any(c => c is null || c.Count != 3 || c.Any(n => n < 0)))
            problems.Add(new("excludedFromTest", "every entry needs three non-negative counts (x, y, z)"));

        if (Iterations is { } iterations && (iterations < 1 || iterations > MaxIterations))
            problems.Add(new("iterations", $"must be between 1 and {MaxIterations}, not {iterations}"));
        if (Seed < 0) problems.Add(new("seed", $"must not be negative, not {Seed}"));
        if (LearningRate is { } rate && (!double.IsFinite(rate) || rate <= 0 || rate > 10))
            problems.Add(new("learningRate", $"must be positive and at most 10, not {rate}"));
        if (GradientClipNorm is { } clip && (!double.IsFinite(clip) || clip < 0))
            problems.Add(new("gradientClipNorm", $"must be 0 (off) or positive, not {clip}"));
        if (Optimizer is { } optimizer && !Enum.IsDefined(optimizer))
            problems.Add(new("optimizer", $"must be \"sgd\" or \"adam\", not {optimizer}"));
        if (!Enum.IsDefined(Precision))
            problems.Add(new("precision", $"must be \"fp32\", \"bf16\" or \"fp16\", not {Precision}"));
        if (Schedule is { } schedule && !Enum.IsDefined(schedule))
            problems.Add(new("schedule", $"must be \"constant\", \"cosine\" or \"polynomial\", not {schedule}"));
        if (EvaluateEvery is { } every && (every < 0 || every > MaxIterations))
            problems.Add(new("evaluateEvery", $"must be 0 (only after the last step) or between 1 and {MaxIterations} steps, not {every}"));
        // The phantom's classes are known now; named datasets' when they are looked up (ClassProblems).
        problems.AddRange(ClassProblems(Datasets is null ? SegmentationLabels.ClassCount : null));
        return problems;
    }

    /// <summary>
    /// Problems of the class-indexed fields (<see cref="ClassWeights"/>, <see cref="IouClasses"/>,
    /// <see cref="HeadlineClass"/>) against data of <paramref name="classCount"/> classes; null checks only what holds
    /// for any label set.
    /// </summary>
    public IReadOnlyList<SpecProblem> ClassProblems(int? classCount)
    {
        var problems = new List<SpecProblem>();
        var count = classCount ?? LabelSet.MaxClasses;
        var of = classCount is null ? "" : $" (the data has {classCount} classes)";
        if (ClassWeights is { } weights && (weights.Count < LabelSet.MinClasses || weights.Count > count || (classCount is { } exact && weights.Count != exact)
            || weights.Any(w => !float.IsFinite(w) || w < 0) || weights.All(w => w == 0)))
            problems.Add(new("classWeights", classCount is { } n
                ? $"needs {n} finite, non-negative weights, not all 0{of}; got [{string.Join(", ", weights)}]"
                : $"needs one finite, non-negative weight per class ({LabelSet.MinClasses} to {LabelSet.MaxClasses}), not all 0; got [{string.Join(", ", weights)}]"));
        if (IouClasses is { } classes && (classes.Count == 0 || classes.Any(c => c < 0 || c >= count) || classes.Distinct().Count() != classes.Count))
            problems.Add(new("iouClasses", $"must list distinct labels from 0 to {count - 1}{of}, not [{string.Join(", ", classes)}]"));
        if (HeadlineClass < 0 || HeadlineClass >= count)
            problems.Add(new("headlineClass", $"must be a label from 0 to {count - 1}{of}, not {HeadlineClass}"));
        return problems;
    }

    private static void CheckDatasets(List<SpecProblem> problems, string field, IReadOnlyList<DatasetSelection>? selections)
    {
        if (selections is null) return;
        foreach (var selection in selections)
        {
            if (selection is null || string.IsNullOrWhiteSpace(selection.Id)) { problems.Add(new(field, "every entry needs a dataset id")); continue; }
            if (selection.AnnotatedSlices is { } counts && (counts.Count != 3 || counts.Any(c => c < 0)))
                problems.Add(new(field, $"'{selection.Id}': annotatedSlices needs three non-negative counts (x, y, z), got [{string.Join(", ", counts)}]"));
        }
    }

    public ExperimentSpec EnsureValid()
    {
        var problems = Problems();
        if (problems.Count > 0) throw new InvalidExperimentSpecException(problems);
        return this;
    }

    [JsonIgnore]
    public int EffectiveIterations => Iterations ?? ExperimentPresets.Get(Preset).DefaultIterations;

    [JsonIgnore]
    public LearningRateSchedule EffectiveSchedule => Schedule ?? ExperimentPresets.Get(Preset).Schedule;
}
