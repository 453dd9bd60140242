namespace UNet3D.Lab.Experiments.Training;

/// <summary>
/// The random stream of one training step, derived from the run's seed and the step number alone. A resumed run
/// therefore draws exactly the tiles (and augmentations) the uninterrupted run would have drawn, without having
/// to serialise a generator's state.
/// </summary>
internal static class StepRandom
{
    public static Random For(int seed, int step)
    {
        // SplitMix64 finaliser: neighbouring (seed, step) pairs give unrelated streams.
        var z = unchecked(((ulong)(uint)seed << 32 | (uint)step) + 0x9E3779B97F4A7C15UL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        z ^= z >> 31;
        return new Random(unchecked((int)z ^ (int)(z >> 32)));
    }
}
