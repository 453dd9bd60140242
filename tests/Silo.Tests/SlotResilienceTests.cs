using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using UNet3D.Lab.Experiments.Runs;
using UNet3D.Lab.Silo.Grains;
using UNet3D.Lab.Silo.Models;
using UNet3D.Lab.Silo.Workers;

namespace UNet3D.Lab.Silo.Tests;

/// <summary>A training slot survives failures: a report that fails once is tried again, a slot that throws is replaced.</summary>
public sealed class SlotResilienceTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Finished_training_is_completed_not_failed_when_its_completion_report_fails_once()
    {
        using var data = new TemporaryDirectory();
        var failOnce = new FailFirstCall(nameof(IExperimentGrain.ReportCompleted));
        await using var cluster = await LabClusterFactory.StartAsync(data.Path,
            silo: s => s.Services.AddSingleton<IIncomingGrainCallFilter>(failOnce));
        var grain = cluster.Client.GetGrain<IExperimentGrain>(ExperimentIds.New());
        await grain.Submit(new ExperimentSpec { Name = "report fails once", Model = ModelKind.ThreeD, Preset = "smoke", Iterations = 6, Seed = 3 });

        using var timeout = new CancellationTokenSource(Patience);
        ExperimentSnapshot final;
        while (!(final = (await grain.Get())!).IsFinished) await Task.Delay(50, timeout.Token);

        // Refused once, delivered on the retry: the run is whole, not failed.
        Assert.Equal(2, failOnce.Calls);
        Assert.Equal(ExperimentStatus.Completed, final.Status);
        Assert.Null(final.Error);
        Assert.NotNull(final.Metrics);
        Assert.Equal(6, final.Step);
    }

    [Fact]
    public async Task Slot_that_throws_is_logged_at_warning_and_replaced()
    {
        var logger = new FakeLogger();
        var runs = 0;
        using var stopping = new CancellationTokenSource(Patience);
        var replaced = new TaskCompletionSource();

        await SlotSupervisor.Supervise("host:11111/slot1", _ =>
        {
            // The first run dies; the second is the replacement, which runs until its silo stops.
            if (++runs == 1) throw new InvalidOperationException("slot broke");
            replaced.SetResult();
            return Task.CompletedTask;
        }, logger, stopping.Token, firstPause: TimeSpan.FromMilliseconds(10));

        Assert.True(replaced.Task.IsCompleted);
        Assert.Equal(2, runs);
        var warning = Assert.Single(logger.Collector.GetSnapshot());
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("host:11111/slot1", warning.Message);
        Assert.Equal("slot broke", warning.Exception?.Message);
    }

    [Fact]
    public async Task Slot_that_keeps_throwing_is_replaced_each_time()
    {
        var logger = new FakeLogger();
        var runs = 0;
        using var stopping = new CancellationTokenSource(Patience);

        await SlotSupervisor.Supervise("host:11111/slot1", _ =>
        {
            if (++runs < 3) throw new InvalidOperationException("slot broke");
            stopping.Cancel();
            return Task.CompletedTask;
        }, logger, stopping.Token, firstPause: TimeSpan.FromMilliseconds(10));

        // A warning for each failure, a pause that grows, and the third run lasts until the silo stops.
        Assert.Equal(3, runs);
        Assert.Equal([LogLevel.Warning, LogLevel.Warning], logger.Collector.GetSnapshot().Select(r => r.Level));
    }

    /// <summary>Makes the first call of one grain method fail, as a silo restarting or a storage hiccup would.</summary>
    private sealed class FailFirstCall(string method) : IIncomingGrainCallFilter
    {
        private int calls;

        public int Calls => Volatile.Read(ref calls);

        public Task Invoke(IIncomingGrainCallContext context)
        {
            if (context.MethodName == method && Interlocked.Increment(ref calls) == 1)
                throw new TimeoutException($"{method} failed on purpose");
            return context.Invoke();
        }
    }
}
