using System.CommandLine;
using System.Diagnostics;
using UNet3D.Lab.Silo.Commands;

namespace UNet3D.Lab.Silo.Tests;

public sealed class SiloCommandLineTests
{
    [Fact]
    public void Help_lists_every_command_and_what_runs_without_one()
    {
        using var output = new StringWriter();
        Assert.Equal(0, SiloCommandLine.Create().Parse(["--help"]).Invoke(new InvocationConfiguration { Output = output }));
        var help = output.ToString();
        foreach (var command in new[] { "train", "predict", "summary", "bench", "data", "table" })
            Assert.Matches($@"(?m)^\s+{command}\b", help);
        Assert.Contains("augmentation, inference, step, compare, phantom", help);
        Assert.Contains("import, list, inspect, phantom", help);
        Assert.Contains("Without a command: a silo that forms the lab's cluster", help);
        Assert.Contains("--Lab:Cluster:Join", help);
    }

    public static TheoryData<string> CommandPaths()
    {
        var paths = new TheoryData<string>();
        foreach (var command in SiloCommandLine.Create().Subcommands)
        {
            paths.Add(command.Name);
            foreach (var subcommand in command.Subcommands) paths.Add($"{command.Name} {subcommand.Name}");
        }
        return paths;
    }

    [Theory]
    [MemberData(nameof(CommandPaths))]
    public async Task Every_command_has_help_describing_each_of_its_options(string path)
    {
        var names = path.Split(' ');
        var command = names.Aggregate((Command)SiloCommandLine.Create(), (parent, name) => parent.Subcommands.Single(c => c.Name == name));
        var run = await CommandLineRun.InvokeAsync([.. names, "--help"]);

        Assert.Equal(0, run.ExitCode);
        Assert.False(string.IsNullOrWhiteSpace(command.Description), path);
        Assert.Contains(Start(command.Description!), run.Output);
        foreach (var option in command.Options)
        {
            Assert.False(string.IsNullOrWhiteSpace(option.Description), $"{path} {option.Name}");
            Assert.Contains(option.Name, run.Output);
            Assert.Contains(Start(option.Description!), run.Output);
        }
        foreach (var argument in command.Arguments)
            Assert.False(string.IsNullOrWhiteSpace(argument.Description), $"{path} {argument.Name}");
    }

    // The opening words, which help writes on the line of the name however narrow the console.
    private static string Start(string description) => description[..Math.Min(20, description.Length)];

    [Theory]
    [InlineData("--iterations", "abc", "train", "--iterations", "abc")]
    [InlineData("--seed", "1.5", "train", "--seed", "1.5")]
    [InlineData("--lr", "fast", "train", "--lr", "fast")]
    [InlineData("--slices", "2,2", "train", "--slices", "2,2")]
    [InlineData("--slices", "2,x,2", "train", "--slices", "2,x,2")]
    [InlineData("--model", "4d", "train", "--model", "4d")]
    [InlineData("--optimizer", "lbfgs", "train", "--optimizer", "lbfgs")]
    [InlineData("--schedule", "step", "train", "--schedule", "step")]
    [InlineData("--device", "gpu", "train", "--device", "gpu")]
    [InlineData("--config", "missing.json", "train", "--config", "missing.json")]
    [InlineData("--threads", "-1", "train", "--threads", "-1")]
    [InlineData("--preset", "huge", "summary", "--preset", "huge")]
    [InlineData("--size", "10x10", "bench", "inference", "--size", "10x10")]
    [InlineData("--tile", "0x8x8", "bench", "inference", "--tile", "0x8x8")]
    [InlineData("--steps", "1", "bench", "step", "--steps", "1")]
    [InlineData("--variant", "huge", "bench", "phantom", "--variant", "huge")]
    [InlineData("--count", "0", "bench", "seed-runs", "--count", "0")]
    [InlineData("--query", "sort=bogus", "bench", "list", "--query", "sort=bogus")]
    [InlineData("--slots", "0", "table", "1", "--out", "results", "--slots", "0")]
    [InlineData("--seeds", "many", "table", "1", "--out", "results", "--seeds", "many")]
    public async Task A_bad_value_is_one_line_naming_the_option_and_the_value_and_exit_code_2(string option, string value, params string[] args)
    {
        var run = await CommandLineRun.InvokeAsync(args);
        var error = run.SingleErrorLine();
        Assert.StartsWith("error: ", error);
        Assert.Contains(option, error);
        Assert.Contains($"'{value}'", error);
        Assert.Equal("", run.Output);
    }

    [Theory]
    [InlineData("--foo", "train", "--foo")]
    [InlineData("--preset", "bench", "augmentation", "--preset", "cpu")]
    [InlineData("extra", "summary", "extra")]
    [InlineData("trian", "trian", "--iterations", "3")]
    [InlineData("-v", "-v")]
    public async Task Unknown_options_commands_and_arguments_are_errors(string token, params string[] args)
    {
        var error = (await CommandLineRun.InvokeAsync(args)).SingleErrorLine();
        Assert.Contains($"'{token}'", error);
    }

    [Theory]
    [InlineData("bench", "augmentation, inference, step, compare, phantom")]
    [InlineData("data", "import, list, inspect, phantom")]
    public async Task A_group_alone_names_its_commands(string group, string commands)
    {
        Assert.Contains(commands, (await CommandLineRun.InvokeAsync(group)).SingleErrorLine());
    }

    [Fact]
    public void Without_a_command_configuration_goes_to_the_silos_host()
    {
        string[] args = ["--Lab:Cluster:Join", "127.0.0.1:11111", "--Lab:Cluster:SiloPort", "11112", "Lab:Cluster:GatewayPort=30001"];
        var parse = SiloCommandLine.Create().Parse(args);
        Assert.Empty(parse.Errors);
        Assert.IsType<RootCommand>(parse.CommandResult.Command);
        Assert.Equal(args, parse.UnmatchedTokens);
    }

    [Fact]
    public async Task A_configuration_key_without_a_value_is_an_error_not_a_silo_started_without_it()
    {
        Assert.Contains("'--Lab:Cluster:Join' needs a value", (await CommandLineRun.InvokeAsync("--Lab:Cluster:Join")).SingleErrorLine());
    }

    [Fact]
    public async Task The_program_reports_a_bad_value_in_one_line_with_exit_code_2_and_no_stack_trace()
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "UNet3D.Lab.Silo.dll"), "train", "--iterations", "abc" })
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.True(process.ExitCode == 2, $"exit code {process.ExitCode}\n{await output}\n{error}");
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("--iterations", line);
        Assert.Contains("'abc'", line);
        Assert.DoesNotContain("   at ", error);
        Assert.Equal("", await output);
    }
}
