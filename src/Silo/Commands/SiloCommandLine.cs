using System.CommandLine;
using System.CommandLine.Parsing;
using Microsoft.Extensions.Hosting;
using UNet3D.Lab.Silo.Hosting;

namespace UNet3D.Lab.Silo.Commands;

/// <summary>
/// The Silo program's command line: the headless commands, and without a command the standalone silo, which joins
/// (or forms) the lab's cluster and trains queued experiments. Usage errors and the errors a command raises are one
/// line on stderr and exit code 2.
/// </summary>
public static class SiloCommandLine
{
    public const int UsageError = 2;

    /// <summary>Exit code of a command stopped by Ctrl+C or SIGTERM (128 + SIGINT), as shells report it.</summary>
    public const int Interrupted = 130;

    /// <summary>
    /// How long a command asked to stop by Ctrl+C or SIGTERM may take before the process ends anyway. Only
    /// <c>train</c> and <c>table</c> have asynchronous actions that watch the signal: training stops at the next
    /// step, and a table then stops its silo (up to 30 s); the other commands end at once, as a plain program.
    /// </summary>
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(45);

    public static RootCommand Create()
    {
        var root = new RootCommand(
            "UNet3D.Lab's silo and its headless commands. Without a command: a silo that forms the lab's cluster, or joins one "
            + "with --Lab:Cluster:Join HOST:PORT, and trains queued experiments. Any configuration key can follow as --Section:Key value "
            + "(e.g. --Lab:Cluster:SiloPort 11112 --Lab:Cluster:GatewayPort 30001), as in appsettings.json.")
        {
            TrainCommand.Create(), PredictCommand.Create(), SummaryCommand.Create(), BenchCommand.Create(), DataCommand.Create(), TableCommand.Create(),
        };
        // The silo's configuration (--Lab:Cluster:Join 127.0.0.1:11111 …) is not the parser's to know: what it does not
        // match goes to the host, and is checked below for the shape the host reads.
        root.TreatUnmatchedTokensAsErrors = false;
        root.SetAction(parse => RunStandaloneSilo([.. parse.UnmatchedTokens]));
        return root;
    }

    /// <summary>A command that only groups others: alone, it is a usage error naming them.</summary>
    public static Command Group(string name, string description, params Command[] subcommands)
    {
        var names = string.Join(", ", subcommands.Select(c => c.Name));
        var command = new Command(name, $"{description}: {names}.");
        foreach (var subcommand in subcommands) command.Add(subcommand);
        command.Validators.Add(result => result.AddError($"{name} needs one of: {names} (see {name} --help)."));
        // Never runs (the validator refuses the group alone); it replaces the parser's "Required command was not provided."
        command.SetAction(_ => UsageError);
        return command;
    }

    /// <summary>Parses <paramref name="args"/> and runs what they ask for, writing to the given writers (the console's by default).</summary>
    public static async Task<int> InvokeAsync(IReadOnlyList<string> args, TextWriter? output = null, TextWriter? error = null,
        CancellationToken cancellation = default)
    {
        error ??= Console.Error;
        var parse = Create().Parse(args);
        var problems = Problems(parse);
        if (problems.Count > 0)
        {
            error.WriteLine($"error: {string.Join(" ", problems.Select(OneLine))}");
            return UsageError;
        }
        var configuration = new InvocationConfiguration
        {
            Output = output ?? Console.Out,
            Error = error,
            EnableDefaultExceptionHandler = false,
            ProcessTerminationTimeout = StopGrace,
        };
        try
        {
            return await parse.InvokeAsync(configuration, cancellation);
        }
        catch (Exception e) when (e is ArgumentException or IOException or InvalidOperationException or UnauthorizedAccessException)
        {
            error.WriteLine($"error: {OneLine(e.Message)}");
            return UsageError;
        }
        catch (OperationCanceledException)
        {
            error.WriteLine("interrupted");
            return Interrupted;
        }
    }

    /// <summary>
    /// The parser's errors, tokens a command did not match (the root lets them through for the host, which makes them
    /// no errors anywhere), and for the silo tokens the host's configuration would silently ignore, such as a misspelt command.
    /// </summary>
    private static List<string> Problems(ParseResult parse)
    {
        if (parse.Action is { ClearsParseErrors: true }) return []; // --help and the like show what was asked whatever else is there
        var problems = parse.Errors.Select(e => e.Message).ToList();
        if (parse.CommandResult.Command is RootCommand)
        {
            var commands = string.Join(", ", parse.CommandResult.Command.Subcommands.Select(c => c.Name));
            if (ConfigurationProblem(parse.UnmatchedTokens, commands) is { } problem) problems.Add(problem);
        }
        else if (parse.UnmatchedTokens.Count > 0)
        {
            problems.Add($"{parse.CommandResult.Command.Name}: unknown option or argument {string.Join(" ", parse.UnmatchedTokens.Select(t => $"'{t}'"))} (see {parse.CommandResult.Command.Name} --help).");
        }
        return problems;
    }

    /// <summary>
    /// What the host's command-line configuration would skip without a word: it reads --Key value, --Key=value,
    /// /Key value and Key=value, and drops anything else.
    /// </summary>
    private static string? ConfigurationProblem(IReadOnlyList<string> tokens, string commands)
    {
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            var isKey = token.StartsWith("--", StringComparison.Ordinal) || token.StartsWith('/');
            if (token.Contains('=') && (isKey || !token.StartsWith('-'))) continue;
            if (!isKey)
                return $"'{token}' is neither a command ({commands}) nor a configuration setting (--Section:Key value); see --help.";
            if (i + 1 == tokens.Count) return $"Configuration setting '{token}' needs a value.";
            i++;
        }
        return null;
    }

    private static string OneLine(string message) => string.Join(" ", message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    /// <summary>The web app hosts the same silo in-process; run this on further machines, e.g. GPU hosts, to add training slots.</summary>
    private static int RunStandaloneSilo(string[] configuration)
    {
        var builder = Host.CreateApplicationBuilder(configuration);
        // Orleans and its resilience pipelines log every placement at Information; keep the console readable.
        builder.Logging.AddFilter("Orleans", LogLevel.Warning).AddFilter("Polly", LogLevel.Warning);
        builder.AddLabSilo();
        builder.Build().Run();
        return 0;
    }
}
