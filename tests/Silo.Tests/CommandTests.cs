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
    public async Task Train_runs_headless_and_prints_the_scores()
    {
        var run = await CommandLineRun.InvokeAsync("train", "--preset", "smoke", "--iterations", "4", "--model", "2d");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("step 4/4", run.Output);
        Assert.Contains("IoU classes: tubule", run.Output);
        Assert.Matches(@"mean IoU \d\.\d{3}|mean IoU NaN", run.Output);
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
    }
}
