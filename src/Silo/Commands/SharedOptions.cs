using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using UNet3D.Lab.Experiments.Presets;
using UNet3D.Lab.Experiments.Training;

namespace UNet3D.Lab.Silo.Commands;

/// <summary>
/// Options several commands share, defined once, and the typed parsers behind the others: a bad value is a parse
/// error naming the option and the value, before anything runs. Each call makes a new option, since an option
/// belongs to the command it is added to.
/// </summary>
public static class SharedOptions
{
    public static Option<string> Device() => new("--device")
    {
        Description = "Where the network runs: auto (CUDA when usable, else the CPU), cpu, cuda or cuda:N.",
        HelpName = "auto|cpu|cuda|cuda:N",
        DefaultValueFactory = _ => "auto",
        CustomParser = result =>
        {
            var text = result.Tokens[^1].Value;
            var device = text.ToLowerInvariant();
            var known = device is "auto" or "cpu" or "cuda"
                || (device.StartsWith("cuda:", StringComparison.Ordinal) && int.TryParse(device[5..], NumberStyles.None, CultureInfo.InvariantCulture, out _));
            if (!known) result.AddError($"Option --device must be auto, cpu, cuda or cuda:N, not '{text}'.");
            return device;
        },
    };

    /// <param name="defaultName">The preset used without the option; null where the command decides.</param>
    public static Option<string?> Preset(string description, string? defaultName = null)
    {
        var names = ExperimentPresets.All.Select(p => p.Name).ToArray();
        var option = new Option<string?>("--preset") { Description = description, HelpName = string.Join("|", names) };
        if (defaultName is not null) option.DefaultValueFactory = _ => defaultName;
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } name && !names.Contains(name, StringComparer.OrdinalIgnoreCase))
                result.AddError($"Option --preset: Unknown preset '{name}'; choose one of {Alternatives(names)}.");
        });
        option.CompletionSources.Add(names);
        return option;
    }

    /// <summary>--model 3d|2d; absent is null, which means 3d unless a config file says otherwise.</summary>
    public static Option<ModelKind?> Model() => Choice<ModelKind?>("--model",
        "The network: 3d (the volumetric U-Net, the default) or 2d (the paper's baseline on annotated slices).",
        ("3d", ModelKind.ThreeD), ("2d", ModelKind.TwoD));

    /// <summary>--precision fp32|bf16|fp16; absent is null: fp32 unless a config file says otherwise.</summary>
    public static Option<Precision?> Precision() => Choice<Precision?>("--precision",
        "Element type of the convolutions: fp32 (the default), bf16 or fp16 (with loss scaling); weights, BatchNorm and the loss stay float32.",
        ("fp32", Experiments.Training.Precision.Fp32), ("bf16", Experiments.Training.Precision.Bf16), ("fp16", Experiments.Training.Precision.Fp16));

    public static Option<bool> NoBatchNorm() => new("--no-bn") { Description = "Without batch normalisation." };

    /// <summary>--variant tiny|cpu|paper; absent is null, which means cpu.</summary>
    public static Option<PhantomVariant?> Variant() => Choice<PhantomVariant?>("--variant",
        "Size of the Xenopus-like phantom: tiny (about 48x48x24 voxels a sample), cpu (96x96x30, the default) or paper (the paper's sizes).",
        ("tiny", PhantomVariant.Tiny), ("cpu", PhantomVariant.Cpu), ("paper", PhantomVariant.Paper));

    /// <param name="defaultDirectory">Used without the option; shown in the help.</param>
    public static Option<string> DataDirectory(string description, string defaultDirectory) => new("--data-dir")
    {
        Description = description,
        HelpName = "DIR",
        DefaultValueFactory = _ => defaultDirectory,
    };

    /// <summary>A file the command reads: one that does not exist is a parse error naming the option.</summary>
    public static Option<string?> ExistingFile(string name, string description)
    {
        var option = new Option<string?>(name) { Description = description, HelpName = "FILE" };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } path && !File.Exists(path))
                result.AddError($"Option {name}: file '{path}' does not exist.");
        });
        return option;
    }

    /// <summary>A size written as the paper writes it, x×y×z (e.g. 248x244x64), as a <see cref="VolumeShape"/>.</summary>
    public static Option<VolumeShape?> Size(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "XxYxZ",
        CustomParser = result =>
        {
            var text = result.Tokens[^1].Value;
            var parts = text.Split('x');
            var sizes = parts.Select(p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v > 0 ? v : 0).ToArray();
            if (parts.Length == 3 && sizes.All(v => v > 0)) return new VolumeShape(sizes[2], sizes[1], sizes[0]);
            result.AddError($"Option {name} must look like 248x244x64 (x×y×z), not '{text}'.");
            return null;
        },
    };

    /// <summary>An option whose value is one of a few names (case-insensitive), listed in the help.</summary>
    public static Option<T> Choice<T>(string name, string description, params (string Name, T Value)[] choices)
    {
        var names = choices.Select(c => c.Name).ToArray();
        var option = new Option<T>(name)
        {
            Description = description,
            HelpName = string.Join("|", names),
            CustomParser = result =>
            {
                var text = result.Tokens[^1].Value;
                foreach (var (choice, value) in choices)
                    if (string.Equals(choice, text, StringComparison.OrdinalIgnoreCase)) return value;
                result.AddError($"Option {name} must be {Alternatives(names)}, not '{text}'.");
                return default;
            },
        };
        option.CompletionSources.Add(names);
        return option;
    }

    public static Option<T> WithDefault<T>(Option<T> option, T value)
    {
        option.DefaultValueFactory = _ => value;
        return option;
    }

    /// <summary>An integer option, optionally with a lower bound; <paramref name="why"/> ends the error message for values below it.</summary>
    public static Option<int?> Integer(string name, string description, int minimum = int.MinValue, string why = "") => new(name)
    {
        Description = description,
        HelpName = "N",
        CustomParser = result =>
        {
            var text = result.Tokens[^1].Value;
            if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
                result.AddError($"Option {name} must be an integer, not '{text}'.");
            else if (value < minimum)
                result.AddError(FormattableString.Invariant($"Option {name} must be at least {minimum}, not '{value}': {why}."));
            return value;
        },
    };

    public static Option<double?> Number(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "X",
        CustomParser = result =>
        {
            var text = result.Tokens[^1].Value;
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)) return value;
            result.AddError($"Option {name} must be a number, not '{text}'.");
            return null;
        },
    };

    /// <summary>"a or b", "a, b or c".</summary>
    public static string Alternatives(IReadOnlyList<string> names) =>
        names.Count == 1 ? names[0] : $"{string.Join(", ", names.Take(names.Count - 1))} or {names[^1]}";
}
