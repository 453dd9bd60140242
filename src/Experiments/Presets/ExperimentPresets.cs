using UNet3D.Lab.Experiments.Training;

namespace UNet3D.Lab.Experiments.Presets;

public static class ExperimentPresets
{
    /// <summary>Seconds on a 2-core CPU: a 2-level, 8-channel network on 36³ tiles (20³ output). For tests and demos.</summary>
    public static readonly ExperimentPreset Smoke = new(
        "smoke", "Tiny 2-level network, 36³ tiles, the tiny phantom (48×48×24): trains in seconds on a laptop CPU.",
        BaseChannels: 8, Levels: 2, TileInput: [36, 36, 36], DefaultIterations: 100,
        Optimizer: OptimizerKind.Adam, LearningRate: 0.005, Schedule: LearningRateSchedule.Constant, Phantom: PhantomVariant.Tiny,
        // A hundred steps are too few to profit from augmentation: it halved the IoU at this budget.
        AugmentByDefault: false,
        // Output 24×48×48: one tile covers a whole tiny-phantom sample (at most 48×48×24); tables at this preset
        // evaluate dozens of networks.
        InferenceTileInput: [40, 64, 64],
        EvaluateEvery: 50);

    /// <summary>
    /// Minutes on a 2-core CPU: the 2-level, 8-channel network on 36³ tiles (20³ output), 2,000 Adam steps with a
    /// cosine-annealed learning rate, on the cpu phantom.
    /// </summary>
    public static readonly ExperimentPreset Cpu = new(
        "cpu", "2-level network, 36³ tiles, 2,000 annealed steps, the cpu phantom (96×96×32): a useful model in about two minutes on a CPU.",
        BaseChannels: 8, Levels: 2, TileInput: [36, 36, 36], DefaultIterations: 2000,
        Optimizer: OptimizerKind.Adam, LearningRate: 0.005, Phantom: PhantomVariant.Cpu,
        // Annealed, and 2,000 steps: fewer are too few for more annotated slices to help (claim (2)); why this network,
        // schedule and budget is in docs/engine.md, "Presets".
        Schedule: LearningRateSchedule.Cosine,
        // At a small budget augmentation only makes the task harder (docs/engine.md, "Augmentation").
        AugmentByDefault: false,
        // Output 32×96×96: one tile per cpu-phantom sample.
        InferenceTileInput: [48, 112, 112],
        EvaluateEvery: 500);

    /// <summary>
    /// The paper's network (19,069,955 parameters) on its 132×132×116 tile (x×y×z) and the size of its
    /// downsampled volumes. 70,000 SGD iterations as the paper; the paper gives no learning rate or momentum,
    /// so those are the 2D U-Net paper's Caffe setting (momentum 0.99) with a conservative rate.
    /// </summary>
    public static readonly ExperimentPreset Paper = new(
        "paper", "The paper's network: 4 levels, 32 base channels, 132×132×116 tiles; meant for GPU hosts.",
        BaseChannels: 32, Levels: 4, TileInput: [116, 132, 132], DefaultIterations: 70_000,
        Optimizer: OptimizerKind.Sgd, LearningRate: 0.001, Schedule: LearningRateSchedule.Constant, Phantom: PhantomVariant.Paper,
        AugmentByDefault: true,
        InferenceTileInput: [116, 132, 132],
        EvaluateEvery: 5000,
        NeedsGpu: true);

    public static IReadOnlyList<ExperimentPreset> All { get; } = [Smoke, Cpu, Paper];

    public static ExperimentPreset Get(string name) =>
        All.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"Unknown preset '{name}'; choose one of {string.Join(", ", All.Select(p => p.Name))}.", nameof(name));
}
