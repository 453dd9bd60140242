namespace UNet3D.Lab.Experiments.Data;

/// <summary>Size of the Xenopus-like phantom: the paper's downsampled volumes, or a smaller analogue for CPU runs.</summary>
public enum PhantomVariant
{
    /// <summary>About 48×48×24 voxels per sample: for tests and the smoke preset, seconds on a CPU.</summary>
    Tiny,

    /// <summary>About 96×96×30 voxels per sample: trains in minutes on a CPU.</summary>
    Cpu,

    /// <summary>The paper's sizes: 248×244×64, 245×244×56, 246×244×59 (x×y×z).</summary>
    Paper,
}
