using System.Globalization;
using UNet3D.Lab.Experiments.Data;
using UNet3D.Lab.Experiments.Runs;

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

    /// <summary>A size written as the paper writes it, x×y×z (e.g. 248x244x64), as a <see cref="VolumeShape"/>.</summary>
    public VolumeShape? Size(string name)
    {
        if (Value(name) is not { } text) return null;
        var parts = text.Split('x');
        if (parts.Length != 3 || !parts.All(p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v > 0))
            throw new ArgumentException($"Option --{name} must look like 248x244x64 (x×y×z), not '{text}'.");
        var v = parts.Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToArray();
        return new VolumeShape(v[2], v[1], v[0]);
    }

    public PhantomVariant Variant(string name = "variant") => (Value(name) ?? "cpu").ToLowerInvariant() switch
    {
        "tiny" => PhantomVariant.Tiny,
        "cpu" => PhantomVariant.Cpu,
        "paper" => PhantomVariant.Paper,
        var other => throw new ArgumentException($"Option --{name} must be tiny, cpu or paper, not '{other}'."),
    };

    /// <summary>The model named by --model (3d or 2d); null when the option is absent.</summary>
    public ModelKind? Model() =>
        Value("model") is not { } text ? null
        : ModelNames.TryParse(text, out var model) ? model
        : throw new ArgumentException($"Option --model must be 3d or 2d, not '{text}'.");

    /// <summary>Spatial dimensions of the model named by --model; 3 when absent.</summary>
    public int ModelDimensions() => Model() == ModelKind.TwoD ? 2 : 3;
}
