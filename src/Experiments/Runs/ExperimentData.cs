using UNet3D.Lab.Experiments.Presets;
using UNet3D.Lab.Experiments.Training;

namespace UNet3D.Lab.Experiments.Runs;

/// <summary>
/// An experiment's data made concrete: which volumes it learns from with which planes annotated, and which voxels
/// of which volumes it is measured on. The split rules of all three of the paper's tables live here.
/// </summary>
public sealed class ExperimentData
{
    private ExperimentData(IReadOnlyList<TrainingSample> training, IReadOnlyList<EvaluationSample> evaluation, int channels, LabelSet labelSet)
    {
        Training = training;
        Evaluation = evaluation;
        Channels = channels;
        LabelSet = labelSet;
    }

    public IReadOnlyList<TrainingSample> Training { get; }
    public IReadOnlyList<EvaluationSample> Evaluation { get; }
    public int Channels { get; }

    /// <summary>The classes every volume of the experiment shares: the network predicts these.</summary>
    public LabelSet LabelSet { get; }

    public static ExperimentData Prepare(ExperimentSpec spec, IDatasetSource source)
    {
        var preset = ExperimentPresets.Get(spec.Preset);
        var training = spec.Datasets is { } named
            ? named.Select(d => (d.Id, Volume: source.Load(d.Id), Counts: d.AnnotatedSlices ?? spec.AnnotatedSlices)).ToArray()
            : BuiltIn(preset.Phantom, spec.DataSeed).Select(v => (Id: v.Name, Volume: v, Counts: spec.AnnotatedSlices)).ToArray();
        var testing = (spec.TestDatasets ?? []).Select(d => (d.Id, Volume: source.Load(d.Id), d.AnnotatedSlices)).ToArray();

        var channels = training[0].Volume.Channels;
        var mismatch = training.Select(t => (t.Id, t.Volume)).Concat(testing.Select(t => (t.Id, t.Volume)))
            .FirstOrDefault(t => t.Volume.Channels != channels);
        if (mismatch.Volume is not null)
            throw new InvalidExperimentSpecException([new SpecProblem("datasets",
                $"'{mismatch.Id}' has {mismatch.Volume.Channels} channels but '{training[0].Id}' has {channels}; one network needs one channel count")]);
        var labelSet = training[0].Volume.LabelSet;
        var differing = training.Select(t => (t.Id, t.Volume)).Concat(testing.Select(t => (t.Id, t.Volume)))
            .FirstOrDefault(t => !t.Volume.LabelSet.Equals(labelSet));
        if (differing.Volume is not null)
            throw new InvalidExperimentSpecException([new SpecProblem("datasets",
                $"'{differing.Id}' has classes [{string.Join(", ", differing.Volume.LabelSet.Names)}] but '{training[0].Id}' has [{string.Join(", ", labelSet.Names)}]; one network needs one class list")]);
        if (spec.ClassProblems(labelSet.Count) is { Count: > 0 } classProblems) throw new InvalidExperimentSpecException(classProblems);

        var samples = new List<TrainingSample>();
        var evaluation = new List<EvaluationSample>();
        foreach (var (id, volume, counts) in training)
        {
            IReadOnlyList<AnnotatedSlice> pool = spec.TrainOnAllLabels ? [] : Choose(id, volume, counts);
            var annotation = spec.TrainOnAllLabels
                ? SparseAnnotation.FromLabelVolume(volume.Shape, volume.Labels)
                : SparseAnnotation.FromSlices(volume, spec.Fold?.Training(pool) ?? pool);
            if (annotation.LabeledVoxels == 0)
                throw new InvalidExperimentSpecException([spec.TrainOnAllLabels
                    ? new SpecProblem("datasets", $"'{id}' has no labelled voxel to learn from; annotate a slice of it first")
                    : new SpecProblem("annotatedSlices", $"'{id}': the chosen planes carry no labels to learn from")]);
            samples.Add(new TrainingSample(volume, annotation).Validate());

            // Semi-automated: measured where ground truth exists and training did not look (nowhere, when it looked at all of it).
            var tested = spec.Fold is { } fold
                ? SliceMask.Create(volume.Shape, fold.Testing(pool))
                : Enumerable.Repeat(true, (int)volume.Shape.VoxelCount).ToArray();
            foreach (var excluded in spec.ExcludedFromTest ?? [])
            {
                var planes = SliceMask.Create(volume.Shape, Choose(id, volume, excluded));
                for (var i = 0; i < tested.Length; i++) tested[i] &= !planes[i];
            }
            for (var i = 0; i < tested.Length; i++)
                tested[i] &= volume.Labels[i] != labelSet.Unlabeled && !annotation.IsLabeled(i);
            evaluation.Add(new EvaluationSample(id, volume, tested, Trained: true));
        }

        foreach (var (id, volume, counts) in testing)
        {
            // Fully automated: every annotated plane of a volume the network never saw.
            var tested = counts is null
                ? Enumerable.Repeat(true, (int)volume.Shape.VoxelCount).ToArray()
                : SliceMask.Create(volume.Shape, Choose(id, volume, counts));
            for (var i = 0; i < tested.Length; i++) tested[i] &= volume.Labels[i] != labelSet.Unlabeled;
            evaluation.Add(new EvaluationSample(id, volume, tested, Trained: false));
        }
        return new ExperimentData(samples, evaluation, channels, labelSet);
    }

    // The default seed shares the cached built-in samples; any other generates its own phantom.
    private static IReadOnlyList<LabeledVolume> BuiltIn(PhantomVariant variant, int seed) =>
        Enumerable.Range(0, XenopusPhantom.SampleCount)
            .Select(i => seed == PhantomDatasets.Seed
                ? PhantomDatasets.Shared.Load(PhantomDatasets.Id(variant, i))
                : XenopusPhantom.GenerateSample(i, variant, seed))
            .ToArray();

    private static IReadOnlyList<AnnotatedSlice> Choose(string id, LabeledVolume volume, IReadOnlyList<int> counts)
    {
        try { return SparseAnnotation.ChooseUniformSlices(volume, counts); }
        catch (ArgumentOutOfRangeException e)
        {
            throw new InvalidExperimentSpecException([new SpecProblem("annotatedSlices", $"'{id}': {e.Message.Split(Environment.NewLine)[0]}")]);
        }
    }
}
