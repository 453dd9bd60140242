using UNet3D.Lab.Experiments.Data;
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
        // Output 24×48×48: one tile covers a whole tiny-phantom sample (at most 48×48×24), 2.7× fewer input voxels
        // than the four 48³ tiles it took before; tables at this preset evaluate dozens of networks.
        InferenceTileInput: [40, 64, 64]);

    /// <summary>
    /// Minutes on a 2-core CPU: the 2-level, 8-channel network on 36³ tiles (20³ output), 2,000 Adam steps with a
    /// cosine-annealed learning rate, on the cpu phantom.
    /// </summary>
    public static readonly ExperimentPreset Cpu = new(
        "cpu", "2-level network, 36³ tiles, 2,000 annealed steps, the cpu phantom (96×96×32): a useful model in about two minutes on a CPU.",
        BaseChannels: 8, Levels: 2, TileInput: [36, 36, 36], DefaultIterations: 2000,
        Optimizer: OptimizerKind.Adam, LearningRate: 0.005, Phantom: PhantomVariant.Cpu,
        // Until engine version 5 a 3-level network on 60³ tiles: 322 ms a step on 2 cores for the same 20³ output this
        // one gets in 99 ms, so it could afford only 600 steps in the tables' hour. On dense slices (16,16,8) of the
        // former cpu phantom it reached tubule IoU 0.570; this one 0.600 in 1,000 constant-rate steps and 0.655
        // annealed (seed 1; docs/results/README.md).
        // 1,000 steps until engine version 6: too few for more annotated slices to help (Table 2 flat at 0.66–0.67;
        // on S1 0.720 → 0.724 at 1,000 steps, 0.738 → 0.788 at 2,000, 0.730 → 0.805 at 3,000). The step fell from
        // 99–128 to 58–75 ms with OneDnnConvolution3d, which pays for 2,000 steps within the tables' hour (49.2 min).
        Schedule: LearningRateSchedule.Cosine,
        // Measured with the former 3-level network (Table 1 fold 1, 600 steps, seed 1): augmentation lowered the 3D
        // network's tubule IoU from 0.427 to 0.294; at a small budget it only makes the task harder. Ask for it with augment.
        AugmentByDefault: false,
        // Output 32×96×96: one tile per cpu-phantom sample.
        InferenceTileInput: [48, 112, 112]);

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
        InferenceTileInput: [116, 132, 132]);

    public static IReadOnlyList<ExperimentPreset> All { get; } = [Smoke, Cpu, Paper];

    public static ExperimentPreset Get(string name) =>
        All.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"Unknown preset '{name}'; choose one of {string.Join(", ", All.Select(p => p.Name))}.", nameof(name));
}
