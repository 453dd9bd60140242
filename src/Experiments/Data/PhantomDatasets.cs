using System.Collections.Concurrent;
using System.Globalization;

namespace UNet3D.Lab.Experiments.Data;

/// <summary>
/// The phantom's samples as datasets with fixed ids (<c>phantom-cpu-s1</c> …), generated from
/// <see cref="Seed"/> on first use and kept: every host derives the same volumes from the same id.
/// </summary>
public sealed class PhantomDatasets : IDatasetSource
{
    /// <summary>The year of the paper: the seed of every built-in phantom dataset.</summary>
    public const int Seed = 2016;

    private readonly ConcurrentDictionary<string, Lazy<LabeledVolume>> cache = new(StringComparer.Ordinal);

    public static PhantomDatasets Shared { get; } = new();

    public static string Id(PhantomVariant variant, int index) =>
        string.Create(CultureInfo.InvariantCulture, $"phantom-{variant.ToString().ToLowerInvariant()}-s{index + 1}");

    public static IReadOnlyList<string> Ids(PhantomVariant variant) =>
        Enumerable.Range(0, XenopusPhantom.SampleCount).Select(i => Id(variant, i)).ToArray();

    public static bool TryParse(string id, out PhantomVariant variant, out int index)
    {
        variant = default;
        index = -1;
        foreach (var candidate in Enum.GetValues<PhantomVariant>())
            for (var i = 0; i < XenopusPhantom.SampleCount; i++)
                if (string.Equals(id, Id(candidate, i), StringComparison.Ordinal))
                {
                    (variant, index) = (candidate, i);
                    return true;
                }
        return false;
    }

    public LabeledVolume Load(string id)
    {
        if (!TryParse(id, out var variant, out var index)) throw new DatasetNotFoundException(id);
        return cache.GetOrAdd(id, _ => new Lazy<LabeledVolume>(() => XenopusPhantom.GenerateSample(index, variant, Seed))).Value;
    }
}
