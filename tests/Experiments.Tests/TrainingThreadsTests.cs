using UNet3D.Lab.Experiments.Data;
using UNet3D.Lab.Experiments.Protocols;
using UNet3D.Lab.Experiments.Runs;
using UNet3D.Lab.Experiments.Training;
using static TorchSharp.torch;

namespace UNet3D.Lab.Experiments.Tests;

/// <summary>
/// libtorch keeps its intra-op thread count per OS thread, fixed when the thread first uses libtorch from the count
/// the process last set, and float32 results depend on that count: a run must not train with whatever its thread
/// inherited.
/// </summary>
[Collection(TorchThreadCountCollection.Name)]
public sealed class TrainingThreadsTests
{
    /// <summary>Table 1 at `smoke`, 4 iterations, subset 1, 3D with BN: the cell whose retrained number once differed.</summary>
    private static readonly ExperimentSpec Table1Cell = TableProtocol.Expand(new ProtocolRequest(1, "smoke",
        PhantomDatasets.Ids(PhantomVariant.Tiny).Select(id => DatasetGeometry.Phantom(id)!).ToArray(), Iterations: 4))
        .Single(c => c.Key == "t1-s1-3d-bn").Spec;

    [Fact]
    public void Two_slots_training_one_spec_at_once_get_the_same_numbers_bit_for_bit_whatever_their_threads_inherited()
    {
        var original = get_num_threads();
        var libtorchDefault = TorchThreads.Default; // read before this test sets any count
        try
        {
            // Each slot's thread first uses libtorch after another part of the process set another count (a second
            // host's Lab:TorchThreads, a benchmark), as a lab's training threads may.
            using var start = new ManualResetEventSlim();
            var slots = new[] { 2, 1 }.Select(count => Slot.StartAfterSetting(count, start)).ToArray();
            Assert.Equal([2, 1], slots.Select(s => s.InheritedThreads));
            start.Set();
            foreach (var slot in slots) slot.Join();

            var (a, b) = (slots[0], slots[1]);
            Assert.Equal(4, a.Losses.Count);
            Assert.Equal(Bits(a.Losses), Bits(b.Losses));
            Assert.Equal(Metrics(a.Result!), Metrics(b.Result!));
            Assert.Equal([libtorchDefault, libtorchDefault], slots.Select(s => s.Result!.TorchThreads));
        }
        finally
        {
            set_num_threads(original);
        }
    }

    [Fact]
    public void A_run_trains_with_the_thread_count_it_is_given_and_records_it()
    {
        var original = get_num_threads();
        try
        {
            var given = original == 1 ? 2 : 1;
            int during = 0, after = 0;
            ExperimentResult? result = null;
            var slot = new Thread(() =>
            {
                result = new ExperimentRunner(CPU, threads: given).Run(Table1Cell with { Iterations = 1 }, _ => during = get_num_threads());
                after = get_num_threads();
            });
            set_num_threads(original);
            slot.Start();
            slot.Join();

            Assert.Equal((given, given, given), (during, after, result!.TorchThreads));
        }
        finally
        {
            set_num_threads(original);
        }
    }

    [Fact]
    public void A_negative_thread_count_is_refused_by_name()
    {
        var refused = Assert.Throws<ArgumentOutOfRangeException>(() => new ExperimentRunner(CPU, threads: -1));
        Assert.Equal("threads", refused.ParamName);
    }

    private static long[] Bits(IEnumerable<double> values) => values.Select(BitConverter.DoubleToInt64Bits).ToArray();

    /// <summary>Every number a result reports that training determines, as bits.</summary>
    private static long[] Metrics(ExperimentResult result) =>
        Bits([result.MeanIoU, result.FinalLoss, .. result.Samples.SelectMany(s => (double[])[s.IoU, .. s.ClassIoU, .. s.ClassDice])]);

    /// <summary>A thread that takes libtorch's thread count the process has set when it starts, then trains <see cref="Table1Cell"/>.</summary>
    private sealed class Slot
    {
        private readonly Thread thread;
        private readonly ManualResetEventSlim ready = new();
        private Exception? failure;

        private Slot(ManualResetEventSlim start) => thread = new Thread(() =>
        {
            try
            {
                InheritedThreads = get_num_threads();
                ready.Set();
                start.Wait();
                Result = new ExperimentRunner(CPU).Run(Table1Cell, p => Losses.Add(p.Loss));
            }
            catch (Exception e)
            {
                failure = e;
                ready.Set();
            }
        });

        public int InheritedThreads { get; private set; }
        public List<double> Losses { get; } = [];
        public ExperimentResult? Result { get; private set; }

        public static Slot StartAfterSetting(int threads, ManualResetEventSlim start)
        {
            set_num_threads(threads);
            var slot = new Slot(start);
            slot.thread.Start();
            slot.ready.Wait();
            return slot;
        }

        public void Join()
        {
            thread.Join();
            ready.Dispose();
            if (failure is not null) throw new InvalidOperationException("The slot's run failed.", failure);
        }
    }
}
