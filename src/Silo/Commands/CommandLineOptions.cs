using System.Globalization;

namespace UNet3D.Lab.Silo.Commands;

/// <summary>Minimal <c>--name value</c> / <c>--flag</c> parsing with errors that name the option.</summary>
public sealed class CommandLineOptions
{
    private readonly Dictionary<string, string?> values;

    private CommandLineOptions(Dictionary<string, string?> values) => this.values = values;

    public static CommandLineOptions Parse(IReadOnlyList<string> args, IReadOnlyCollection<string> flags)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < args.Count; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
                throw new ArgumentException($"Unexpected argument '{args[i]}'; options look like --name value.");
            var name = args[i][2..];
            if (flags.Contains(name)) { values[name] = null; continue; }
            if (i + 1 >= args.Count) throw new ArgumentException($"Option --{name} needs a value.");
            values[name] = args[++i];
        }
        return new CommandLineOptions(values);
    }

    public bool Has(string name) => values.ContainsKey(name);

    public string? Value(string name) => values.GetValueOrDefault(name);

    public int? Int(string name) =>
        Value(name) is not { } text ? null
        : int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value
        : throw new ArgumentException($"Option --{name} must be an integer, not '{text}'.");
}
