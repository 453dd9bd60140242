using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using UNet3D.Lab.Experiments;
using UNet3D.Lab.Experiments.Presets;
using UNet3D.Lab.Experiments.Training;

namespace UNet3D.Lab.Silo.Ablations;

/// <summary>
/// The content hash that decides whether a finished experiment can stand in for a new one: SHA-256 (hex) over a
/// canonical JSON of the configuration without its name and evaluation interval (every default written as it takes
/// effect, <see cref="ExperimentSpec.Resolved"/>), the fingerprint of every dataset it trains or tests on, and <see cref="EngineVersion.Current"/>.
/// </summary>
public static class ExperimentHash
{
    /// <summary>The hash; null when a dataset has no fingerprint (unknown), so nothing is reused.</summary>
    public static string? Of(ExperimentSpec config, IDatasetMetadata metadata) =>
        Canonical(config, metadata) is { } json ? Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json))) : null;

    /// <summary>The JSON that is hashed; null when a dataset has no fingerprint.</summary>
    internal static string? Canonical(ExperimentSpec config, IDatasetMetadata metadata)
    {
        var preset = ExperimentPresets.Get(config.Preset);
        var ids = (config.Datasets?.Select(d => d.Id) ?? PhantomDatasets.Ids(preset.Phantom))
            .Concat(config.TestDatasets?.Select(d => d.Id) ?? [])
            .ToArray();
        var datasets = new List<string[]>();
        foreach (var id in ids)
        {
            if (metadata.Fingerprint(id) is not { } fingerprint) return null;
            datasets.Add([id, fingerprint]);
        }
        // How often the held-out IoU is recorded changes nothing that is trained or measured.
        var resolved = JsonSerializer.SerializeToNode(config.Resolved() with { Name = "" }, LabJson.Options)!.AsObject();
        resolved.Remove("evaluateEvery");
        // Fields added after results were first stored hash as before while they keep their defaults, so those results stay reusable.
        if (!config.TrainOnAllLabels) resolved.Remove("trainOnAllLabels");
        if (config.StartFrom is null) resolved.Remove("startFrom");
        if (config.Precision == Precision.Fp32) resolved.Remove("precision");
        var canonical = new
        {
            Engine = EngineVersion.Current,
            Config = resolved,
            Datasets = datasets,
        };
        return JsonSerializer.Serialize(canonical, LabJson.Options);
    }
}
