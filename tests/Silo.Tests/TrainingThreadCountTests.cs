using UNet3D.Lab.Experiments.Runs;
using UNet3D.Lab.Silo.Grains;
using UNet3D.Lab.Silo.Models;
using UNet3D.Lab.Silo.Series;
using static TorchSharp.torch;

namespace UNet3D.Lab.Silo.Tests;

/// <summary>Every slot trains with Lab:TorchThreads, whatever count its thread would have taken from the rest of the process.</summary>
public sealed class TrainingThreadCountTests
{
    /// <summary>A guard against a hung run, not a timing requirement.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task Two_slots_train_one_spec_at_once_with_the_configured_thread_count_and_the_same_numbers()
    {
        var original = get_num_threads();
        try
        {
            using var data = new TemporaryDirectory();
            await using var cluster = await LabClusterFactory.StartAsync(data.Path, workerSlots: 2, configure: o => o.TorchThreads = 1);
            // Another host in this process (a `table` command's, say) sets its own count after this silo started.
            set_num_threads(2);

            var spec = new ExperimentSpec { Name = "threads", Model = ModelKind.ThreeD, Preset = "smoke", Seed = 1, Iterations = 4 };
            var grains = new[] { cluster.Client.GetGrain<IExperimentGrain>(ExperimentIds.New()), cluster.Client.GetGrain<IExperimentGrain>(ExperimentIds.New()) };
            // Two slots: the two train at the same time, each on its own new thread.
            foreach (var grain in grains) await grain.Submit(spec);
            var finals = await Task.WhenAll(grains.Select(WaitUntilFinished));

            Assert.All(finals, f => Assert.Equal(ExperimentStatus.Completed, f.Status));
            Assert.All(finals, f => Assert.Equal(1, f.Metrics!.TorchThreads));
            Assert.Equal(Bits(finals[0].Metrics!), Bits(finals[1].Metrics!));
            var losses = await Task.WhenAll(grains.Select(g => g.ReadSeries(MetricSeries.Loss, null, null, 100)));
            Assert.Equal(4, losses[0]!.Points.Length);
            Assert.Equal(losses[0]!.Points.Select(p => BitConverter.DoubleToInt64Bits(p.Value)), losses[1]!.Points.Select(p => BitConverter.DoubleToInt64Bits(p.Value)));
        }
        finally
        {
            set_num_threads(original);
        }
    }

    private static long[] Bits(ExperimentResult result) =>
        new[] { result.MeanIoU, result.FinalLoss }.Concat(result.Samples.SelectMany(s => s.ClassIoU.Concat(s.ClassDice)))
            .Select(BitConverter.DoubleToInt64Bits).ToArray();

    private static async Task<ExperimentSnapshot> WaitUntilFinished(IExperimentGrain grain)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (true)
        {
            var snapshot = await grain.Get() ?? throw new InvalidOperationException("experiment vanished");
            if (snapshot.IsFinished) return snapshot;
            await Task.Delay(100, timeout.Token);
        }
    }
}
