using System.Diagnostics;
using TorchSharp;
using UNet3D.Lab.Experiments.Data;
using UNet3D.Lab.Tests.Shared;
using UNet3D.Lab.Experiments.Training;
using static TorchSharp.torch;

namespace UNet3D.Lab.Experiments.Tests;

// Inside the namespace, so that UNet3D means the model class, not the root namespace.
using UNet3D.Lab.Experiments.Models;

[Collection(MemoryMeasurementCollection.Name)]
public sealed class TrainingMemoryTests(Xunit.Abstractions.ITestOutputHelper output)
{
    /// <summary>
    /// Resident memory may still settle after step 500 (allocator caches, the growing loss list) by a few MB; a tile
    /// leaked per step (263 KB here) grows it by tens of MB before finalizers catch up.
    /// </summary>
    private const long AllowedGrowthBytes = 24L * 1024 * 1024;

    [Fact]
    public void Memory_stays_flat_over_a_thousand_steps()
    {
        random.manual_seed(1);
        using var model = new UNet3D(new UNetConfig(3, 3, 3, BaseChannels: 2, Levels: 2, BatchNorm: true));
        var volume = SyntheticTubuleVolume.Generate("m", new VolumeShape(16, 20, 20), seed: 3);
        var sample = new TrainingSample(volume, SparseAnnotation.FromSliceCounts(volume, [1, 1, 1]));
        var settings = new TrainingSettings { Iterations = 1000, TileInput = [28, 28, 28], LearningRate = 1e-3 };

        long afterWarmUp = 0, peakAfterWarmUp = 0, liveAtStep10 = 0, liveAtEnd = 0;
        new Trainer(model, settings, CPU).Train([sample], p =>
        {
            // Training runs on this thread, so the thread's live-tensor count is exactly the loop's.
            var live = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
            if (p.Step == 10) liveAtStep10 = live;
            liveAtEnd = live;
            if (p.Step < 500 || p.Step % 50 != 0) return;
            var resident = ResidentBytes();
            if (p.Step == 500) afterWarmUp = resident;
            peakAfterWarmUp = Math.Max(peakAfterWarmUp, resident);
        });

        var growth = peakAfterWarmUp - afterWarmUp;
        output.WriteLine($"live tensors {liveAtStep10} at step 10, {liveAtEnd} at step 1000; resident {afterWarmUp / 1024 / 1024} MB at step 500, peak {peakAfterWarmUp / 1024 / 1024} MB up to step 1000");
        Assert.Equal(liveAtStep10, liveAtEnd);
        Assert.True(growth < AllowedGrowthBytes, $"resident memory grew by {growth / 1024 / 1024} MB between step 500 and step 1000 (from {afterWarmUp / 1024 / 1024} MB)");
    }

    // No forced GC: a tensor that is not disposed is only freed when its finalizer runs, and the GC does not see
    // native memory. Forcing a collection would hide exactly the growth this test is about.
    private static long ResidentBytes()
    {
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return process.WorkingSet64;
    }
}
