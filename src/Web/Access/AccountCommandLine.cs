using System.CommandLine;
using Microsoft.Extensions.Options;
using UNet3D.Lab.Silo;
using UNet3D.Lab.Silo.Storage;

namespace UNet3D.Lab.Web.Access;

/// <summary>
/// <c>account add|list|remove|token</c>: the lab's accounts from the command line, reading the same settings as the
/// lab (appsettings.json, environment, <c>--Lab:DataDirectory=…</c>). It opens <c>lab.db</c>, which one process
/// holds at a time: with the lab running, use its /account page instead.
/// </summary>
public static class AccountCommandLine
{
    public const string CommandName = "account";

    public static bool Handles(IReadOnlyList<string> args) => args.Count > 0 && args[0] == CommandName;

    public static async Task<int> RunAsync(string[] args, TextReader? input = null, TextWriter? output = null, TextWriter? error = null)
    {
        input ??= Console.In;
        output ??= Console.Out;
        error ??= Console.Error;
        var name = new Option<string>("--name") { Description = "The account's name (1 to 64 characters).", Required = true };
        var role = new Option<string>("--role") { Description = $"{string.Join(", ", LabRoles.All)}.", DefaultValueFactory = _ => LabRoles.Viewer };
        role.AcceptOnlyFromAmong([.. LabRoles.All]);
        var label = new Option<string>("--label") { Description = "What the token is for, e.g. ci.", DefaultValueFactory = _ => "script" };

        var add = new Command("add", $"Create an account; its password (at least {AccountStore.MinPasswordLength} characters) is read from the standard input.") { name, role };
        add.SetAction(parse => WithStores(parse, error, (accounts, _) =>
        {
            var password = ReadPassword(input, output);
            var problem = accounts.Add(parse.GetValue(name)!, parse.GetValue(role)!, password);
            if (problem is not null) return Fail(error, problem);
            output.WriteLine($"Account '{parse.GetValue(name)}' ({parse.GetValue(role)}) created.");
            return 0;
        }));
        var list = new Command("list", "List the accounts and their roles.");
        list.SetAction(parse => WithStores(parse, error, (accounts, _) =>
        {
            foreach (var account in accounts.List()) output.WriteLine($"{account.Name}\t{account.Role}\t{account.Created:yyyy-MM-dd}");
            return 0;
        }));
        var remove = new Command("remove", "Delete an account and revoke its API tokens.") { name };
        remove.SetAction(parse => WithStores(parse, error, (accounts, tokens) =>
        {
            if (!accounts.Remove(parse.GetValue(name)!)) return Fail(error, $"No account named '{parse.GetValue(name)}'.");
            tokens.RevokeAll(parse.GetValue(name)!.Trim());
            output.WriteLine($"Account '{parse.GetValue(name)}' removed.");
            return 0;
        }));
        var token = new Command("token", "Create an API token for the account and print it (shown this once; send it as Authorization: Bearer …).") { name, label };
        token.SetAction(parse => WithStores(parse, error, (accounts, tokens) =>
        {
            if (accounts.Find(parse.GetValue(name)!) is not { } account) return Fail(error, $"No account named '{parse.GetValue(name)}'.");
            output.WriteLine(tokens.Create(account.Name, parse.GetValue(label)!).Secret);
            return 0;
        }));

        var root = new RootCommand("UNet3D.Lab accounts") { TreatUnmatchedTokensAsErrors = false };
        var command = new Command(CommandName, "Accounts of the lab: who may log in, with which role.") { add, list, remove, token };
        root.Subcommands.Add(command);
        // Settings such as --Lab:DataDirectory go to the configuration, as for the lab.
        foreach (var each in new Command[] { command, add, list, remove, token }) each.TreatUnmatchedTokensAsErrors = false;
        return await root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
    }

    /// <summary>Opens the lab's database as the lab would (its settings come from the tokens no option took).</summary>
    private static int WithStores(ParseResult parse, TextWriter error, Func<AccountStore, ApiTokenStore, int> work)
    {
        var configuration = WebApplication.CreateBuilder([.. parse.UnmatchedTokens]).Configuration;
        var options = configuration.GetSection(LabOptions.Section).Get<LabOptions>() ?? new LabOptions();
        using var loggers = LoggerFactory.Create(_ => { });
        using var database = new LabDatabase(Options.Create(options), loggers.CreateLogger<LabDatabase>());
        try
        {
            return work(new AccountStore(database), new ApiTokenStore(database));
        }
        catch (IOException e)
        {
            return Fail(error, $"{database.FilePath} cannot be opened ({e.Message}). Is the lab running? Stop it, or use its /account page.");
        }
    }

    /// <summary>A line of the standard input; typed twice without echo at a terminal.</summary>
    private static string ReadPassword(TextReader input, TextWriter output)
    {
        if (!ReferenceEquals(input, Console.In) || Console.IsInputRedirected) return input.ReadLine() ?? "";
        output.Write("Password: ");
        var first = ReadHidden();
        output.Write("Again: ");
        return ReadHidden() == first ? first : throw new InvalidOperationException("The two passwords differ.");
    }

    private static string ReadHidden()
    {
        var text = new System.Text.StringBuilder();
        while (Console.ReadKey(intercept: true) is var key && key.Key != ConsoleKey.Enter)
        {
            if (key.Key == ConsoleKey.Backspace) { if (text.Length > 0) text.Length--; }
            else if (!char.IsControl(key.KeyChar)) text.Append(key.KeyChar);
        }
        Console.WriteLine();
        return text.ToString();
    }

    private static int Fail(TextWriter error, string message)
    {
        error.WriteLine(message);
        return 1;
    }
}
