using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using UNet3D.Lab.Experiments;
using UNet3D.Lab.Experiments.Data;
using UNet3D.Lab.Experiments.Presets;
using UNet3D.Lab.Silo.Models;

namespace UNet3D.Lab.Silo.Suites;

/// <summary>
/// The content hash that decides whether a finished experiment can stand in for a new one: SHA-256 (hex) over a
/// canonical JSON of the configuration without its name (iterations, augmentation and preset written as they take
/// effect), the fingerprint of every dataset it trains or tests on, and <see cref="EngineVersion.Current"/>.
/// </summary>
public static class ExperimentHash
{
    private static readonly JsonSerializerOptions Canonical = new() { WriteIndented = false };

    /// <summary>The hash; null when a dataset has no fingerprint (unknown), so nothing is reused.</summary>
    public static string? Of(ExperimentConfig config, IDatasetMetadata metadata)
    {
        var spec = config.ToSpec();
        var preset = ExperimentPresets.Get(spec.Preset);
        var ids = (config.Datasets?.Select(d => d.Id) ?? PhantomDatasets.Ids(preset.Phantom))
            .Concat(config.TestDatasets?.Select(d => d.Id) ?? [])
            .ToArray();
        var datasets = new List<string[]>();
        foreach (var id in ids)
        {
            if (metadata.Fingerprint(id) is not { } fingerprint) return null;
            datasets.Add([id, fingerprint]);
        }
        var canonical = new
        {
            Engine = EngineVersion.Current,
            Config = config with
            {
                Name = "",
                Preset = preset.Name,
                Iterations = spec.EffectiveIterations,
                Augment = spec.EffectiveAugment,
            },
            Datasets = datasets,
        };
        var json = JsonSerializer.Serialize(canonical, Canonical);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)));
    }
}
