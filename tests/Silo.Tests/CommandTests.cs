using UNet3D.Lab.Silo.Commands;

namespace UNet3D.Lab.Silo.Tests;

public sealed class CommandTests
{
    [Fact]
    public void Summary_of_the_paper_preset_prints_the_published_figures()
    {
        using var output = new StringWriter();
        Assert.Equal(0, SummaryCommand.Run(["--preset", "paper"], output));
        var lines = output.ToString().Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        Assert.Contains("trainable parameters: 19069955", lines);
        Assert.Contains("output: 44x44x28 for input 132x132x116", lines);
        Assert.Contains(lines, l => l.StartsWith("forward GFLOP per tile: ", StringComparison.Ordinal));
    }

    [Fact]
    public void Train_runs_headless_and_prints_the_scores()
    {
        using var output = new StringWriter();
        Assert.Equal(0, TrainCommand.Run(["--preset", "smoke", "--iterations", "4", "--model", "2d"], output, CancellationToken.None));
        var text = output.ToString();
        Assert.Contains("step 4/4", text);
        Assert.Contains("IoU classes: tubule", text);
        Assert.Matches(@"mean IoU \d\.\d{3}|mean IoU NaN", text);
    }

    [Fact]
    public void Train_draws_a_progress_bar_on_a_terminal_and_honours_optimiser_options()
    {
        using var output = new StringWriter();
        Assert.Equal(0, TrainCommand.Run(["--preset", "smoke", "--iterations", "3", "--optimizer", "sgd", "--lr", "0.01", "--schedule", "cosine"],
            output, CancellationToken.None, terminal: true));
        var text = output.ToString();
        Assert.Contains("\r[", text);
        Assert.Contains("step 3/3", text);
        Assert.Contains("class weights:", text);
        Assert.Contains("--optimizer", Assert.Throws<ArgumentException>(() =>
            TrainCommand.Run(["--optimizer", "lbfgs"], TextWriter.Null, CancellationToken.None)).Message);
    }

    [Fact]
    public void Train_reads_an_experiment_spec_from_json_and_rejects_unknown_fields()
    {
        using var folder = new TemporaryDirectory();
        var config = Path.Combine(folder.Path, "experiment.json");
        File.WriteAllText(config, """{"model":"2d","batchNorm":false,"annotatedSlices":[1,1,2],"preset":"smoke","seed":3,"iterations":2,"iouClasses":[0,1]}""");
        using var output = new StringWriter();
        Assert.Equal(0, TrainCommand.Run(["--config", config], output, CancellationToken.None));
        Assert.Contains("training TwoD BN=off slices=1,1,2 preset=smoke iterations=2 seed=3", output.ToString());
        Assert.Contains("IoU classes: inside tubule + tubule", output.ToString());

        File.WriteAllText(config, """{"model":"2d","iteration":2}""");
        var error = Assert.Throws<ArgumentException>(() => TrainCommand.Run(["--config", config], TextWriter.Null, CancellationToken.None));
        Assert.Contains("experiment.json", error.Message);
        Assert.Contains("iteration", error.Message);
    }

    [Fact]
    public void Bad_options_name_the_option()
    {
        Assert.Contains("--iterations", Assert.Throws<ArgumentException>(() =>
            TrainCommand.Run(["--iterations", "many"], TextWriter.Null, CancellationToken.None)).Message);
        Assert.Contains("--model must be 3d or 2d, not '4d'", Assert.Throws<ArgumentException>(() =>
            BenchCommand.Run(["step", "--model", "4d"], TextWriter.Null)).Message);
        Assert.Contains("Unknown preset 'huge'", Assert.Throws<ArgumentException>(() => SummaryCommand.Run(["--preset", "huge"], TextWriter.Null)).Message);
    }
}
