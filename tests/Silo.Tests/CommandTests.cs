namespace UNet3D.Lab.Silo.Tests;

public sealed class CommandTests
{
    [Fact]
    public async Task Summary_of_the_paper_preset_prints_the_published_figures()
    {
        var run = await CommandLineRun.InvokeAsync("summary", "--preset", "paper");
        Assert.Equal(0, run.ExitCode);
        var lines = run.Output.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        Assert.Contains("trainable parameters: 19069955", lines);
        Assert.Contains("output: 44x44x28 for input 132x132x116", lines);
        Assert.Contains(lines, l => l.StartsWith("forward GFLOP per tile: ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Train_runs_headless_with_the_threads_asked_for_and_prints_the_scores()
    {
        var run = await CommandLineRun.InvokeAsync("train", "--preset", "smoke", "--iterations", "4", "--model", "2d", "--threads", "1");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("step 4/4", run.Output);
        Assert.Contains("; 1 libtorch thread(s) per operation", run.Output);
        Assert.Contains("IoU classes: tubule", run.Output);
        Assert.Matches(@"mean IoU \d\.\d{3}|mean IoU NaN", run.Output);
    }

    [Fact]
    public async Task Train_and_bench_step_run_in_the_precision_asked_for()
    {
        var run = await CommandLineRun.InvokeAsync("train", "--preset", "smoke", "--iterations", "2", "--precision", "bf16");
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("precision=bf16 on cpu", run.Output);
        Assert.Matches(@"mean IoU \d\.\d{3}", run.Output);

        var step = await CommandLineRun.InvokeAsync("bench", "step", "--preset", "smoke", "--steps", "2", "--precision", "bf16", "--device", "cpu");
        Assert.True(step.ExitCode == 0, step.Output);
        Assert.Matches(@"training step smoke 3D, tile 36x36x36, augmentation off, bf16: \d+ ms per step", step.Output);
    }

    [Fact]
    public async Task Train_draws_a_progress_bar_on_a_terminal_and_honours_optimiser_options()
    {
        var run = await CommandLineRun.InvokeAsync("train", "--preset", "smoke", "--iterations", "3", "--optimizer", "sgd", "--lr", "0.01", "--schedule", "cosine",
            "--progress", "bar");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("\r[", run.Output);
        Assert.Contains("step 3/3", run.Output);
        Assert.Contains("class weights:", run.Output);
        Assert.Contains("--optimizer", (await CommandLineRun.InvokeAsync("train", "--optimizer", "lbfgs")).SingleErrorLine());
    }

    [Fact]
    public async Task Train_reads_an_experiment_spec_from_json_and_rejects_unknown_fields()
    {
        using var folder = new TemporaryDirectory();
        var config = Path.Combine(folder.Path, "experiment.json");
        File.WriteAllText(config, """{"model":"2d","batchNorm":false,"annotatedSlices":[1,1,2],"preset":"smoke","seed":3,"iterations":2,"iouClasses":[0,1]}""");
        var run = await CommandLineRun.InvokeAsync("train", "--config", config);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("training TwoD BN=off slices=1,1,2 preset=smoke iterations=2 seed=3", run.Output);
        Assert.Contains("IoU classes: inside tubule + tubule", run.Output);

        File.WriteAllText(config, """{"model":"2d","iteration":2}""");
        var error = (await CommandLineRun.InvokeAsync("train", "--config", config)).SingleErrorLine();
        Assert.Contains("experiment.json", error);
        Assert.Contains("iteration", error);
    }

    [Fact]
    public async Task Bad_options_name_the_option()
    {
        Assert.Contains("--iterations", (await CommandLineRun.InvokeAsync("train", "--iterations", "many")).SingleErrorLine());
        Assert.Contains("--model must be 3d or 2d, not '4d'", (await CommandLineRun.InvokeAsync("bench", "step", "--model", "4d")).SingleErrorLine());
        Assert.Contains("Unknown preset 'huge'", (await CommandLineRun.InvokeAsync("summary", "--preset", "huge")).SingleErrorLine());
        Assert.Contains("--precision must be fp32, bf16 or fp16, not 'fp8'", (await CommandLineRun.InvokeAsync("train", "--precision", "fp8")).SingleErrorLine());
    }

    [Fact]
    public async Task Bench_compare_times_the_same_step_in_the_lab_and_in_pytorch_and_prints_the_ratio()
    {
        var run = await CommandLineRun.InvokeAsync("bench", "compare", "--preset", "smoke", "--steps", "1");
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Matches(@"matmul peak: \d+\.\d GFLOP/s", run.Output);
        Assert.Matches(@"lab step smoke 3D, tile 36x36x36 on cpu, fp32: \d+ ms \(median of 1\), \d+\.\d GFLOP/s", run.Output);
        Assert.Matches(@"PyTorch \d+\.\d+\S* step, same network, tile and optimiser: \d+ ms", run.Output);
        Assert.Matches(@"ratio: the lab's step is \d+\.\d\d× as fast as PyTorch's", run.Output);
        var without = await CommandLineRun.InvokeAsync("bench", "compare", "--preset", "smoke", "--steps", "1", "--python", "/nonexistent/python3");
        Assert.Equal(1, without.ExitCode);
        Assert.Contains("PyTorch step: not run, /nonexistent/python3 could not be started", without.Output);
    }

    [Fact]
    public async Task Seeded_runs_are_stored_as_the_lab_stores_them_and_bench_list_times_queries_of_them()
    {
        using var folder = new TemporaryDirectory();
        var seeded = await CommandLineRun.InvokeAsync("bench", "seed-runs", "--count", "40", "--series-steps", "200", "--data-dir", folder.Path);
        Assert.Equal(0, seeded.ExitCode);
        Assert.Contains("stored 40 finished runs with series of up to 200 steps", seeded.Output);

        var listed = await CommandLineRun.InvokeAsync("bench", "list", "--data-dir", folder.Path, "--repetitions", "3",
            "--query", "limit=50&sort=-meanIou", "--query", "status=failed&limit=1");
        Assert.Equal(0, listed.ExitCode);
        Assert.Matches(@"list limit=50&sort=-meanIou: \d+\.\d\d ms \(median of 3; min \d+\.\d\d, max \d+\.\d\d\), 40 of 40 runs", listed.Output);
        Assert.Matches(@"list status=failed&limit=1: .*, [01] of \d+ runs", listed.Output);

        // Their grain states are the lab's own: a lab on the folder reads them.
        await using var cluster = await LabClusterFactory.StartAsync(folder.Path, workerSlots: 0);
        var page = await cluster.Client.GetGrain<Grains.IRunCatalogGrain>(Grains.IRunCatalogGrain.Key).Query(Runs.RunQuery.Default with { Limit = 5 });
        Assert.Equal(40, page.Total);
        foreach (var row in page.Items)
        {
            var snapshot = await cluster.Client.GetGrain<Grains.IExperimentGrain>(row.Id).Get();
            Assert.NotNull(snapshot);
            Assert.True(snapshot.IsFinished);
            Assert.Equal((row.Name, row.Status, row.MeanIou), (snapshot.Config.Name, snapshot.Status, snapshot.Metrics?.MeanIoU is { } m && double.IsFinite(m) ? m : null));
            // Each has series, a completed run's of every step, as the compare view reads them.
            var series = await cluster.Client.GetGrain<Grains.IExperimentGrain>(row.Id).ListSeries();
            Assert.Contains(series!, s => s.Name == "loss" && s.Total > 0);
            Assert.Contains(series!, s => s.Name == "validationIou/tubule");
            if (snapshot.Status == Models.ExperimentStatus.Completed) Assert.Equal(200, series!.Single(s => s.Name == "loss").LastStep);
        }
    }
}
