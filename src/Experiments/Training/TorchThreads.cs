using static TorchSharp.torch;

namespace UNet3D.Lab.Experiments.Training;

/// <summary>
/// The number of threads libtorch splits one CPU operation over (OpenMP, oneDNN). float32 results depend on it:
/// BatchNorm's statistics and the convolutions' gradients are summed in per-thread parts, so one and two threads
/// give different losses from the second step on (docs/engine.md, "Determinism"). libtorch keeps the count per OS
/// thread, fixed when the thread first uses libtorch, from the count that any thread of the process last set; so a
/// run sets its own instead of inheriting one. Every count the lab sets goes through <see cref="Use"/>.
/// </summary>
public static class TorchThreads
{
    /// <summary>
    /// libtorch's own choice on this machine (the physical cores, unless OMP_NUM_THREADS says otherwise), read on a
    /// new thread when this class is first used, before <see cref="Use"/> has set anything.
    /// </summary>
    public static int Default { get; } = ReadOnNewThread();

    /// <summary>
    /// Makes libtorch split the calling thread's operations over <paramref name="threads"/> threads, or over
    /// <see cref="Default"/> for 0, and returns the count now in effect.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A negative count.</exception>
    public static int Use(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(threads);
        var count = threads == 0 ? Default : threads;
        set_num_threads(count);
        return get_num_threads();
    }

    private static int ReadOnNewThread()
    {
        // The calling thread may have taken another count already; a new one starts from libtorch's.
        var count = 0;
        var reader = new Thread(() => count = get_num_threads());
        reader.Start();
        reader.Join();
        return count;
    }
}
