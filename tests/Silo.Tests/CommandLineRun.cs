using UNet3D.Lab.Silo.Commands;

namespace UNet3D.Lab.Silo.Tests;

/// <summary>One run of the Silo program's command line in this process, through the entry point Program.cs calls, with its output and errors captured.</summary>
internal sealed record CommandLineRun(int ExitCode, string Output, string Error)
{
    public static async Task<CommandLineRun> InvokeAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await SiloCommandLine.InvokeAsync(args, output, error);
        return new(exitCode, output.ToString(), error.ToString());
    }

    /// <summary>The run failed as a usage or run-time error: exit code 2 and one line on stderr, which this returns.</summary>
    public string SingleErrorLine()
    {
        Assert.True(ExitCode == SiloCommandLine.UsageError, $"exit code {ExitCode}\n{Output}\n{Error}");
        var lines = Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return Assert.Single(lines).TrimEnd('\r');
    }
}
