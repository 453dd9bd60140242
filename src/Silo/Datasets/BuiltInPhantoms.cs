using System.Collections.Concurrent;
using System.Globalization;
using LiteDB;
using UNet3D.Lab.Experiments;
using UNet3D.Lab.Experiments.Data.Formats;

namespace UNet3D.Lab.Silo.Datasets;

/// <summary>
/// The phantom's samples as datasets (<see cref="PhantomDatasets"/>): listed before they are stored, with what their
/// id determines, and generated and stored on first use, once however many callers ask at the same time. If storing
/// fails, the generated volume is still returned: an experiment never fails for want of the phantom.
/// </summary>
public sealed class BuiltInPhantoms(StoredDatasets stored, VolumeCache cache, ILogger logger)
{
    private readonly ConcurrentDictionary<string, Lazy<LabeledVolume>> materialising = new(StringComparer.Ordinal);

    /// <summary>Every phantom sample, in list order: tiny, cpu, then paper, S1–S3 each.</summary>
    public static IReadOnlyList<string> Ids { get; } =
        [.. PhantomDatasets.Ids(PhantomVariant.Tiny), .. PhantomDatasets.Ids(PhantomVariant.Cpu), .. PhantomDatasets.Ids(PhantomVariant.Paper)];

    /// <summary>The samples generated when a silo starts (seconds); the paper's (20 s) wait for their first use.</summary>
    public static IReadOnlyList<string> StartupIds { get; } =
        [.. PhantomDatasets.Ids(PhantomVariant.Tiny), .. PhantomDatasets.Ids(PhantomVariant.Cpu)];

    public static bool IsPhantom(string id) => PhantomDatasets.TryParse(id, out _, out _);

    /// <summary>A sample's record before it is stored (<see cref="DatasetInfo.IsReady"/> false): shape, channels, spacing, dense labels.</summary>
    public static DatasetInfo Template(string id)
    {
        if (!PhantomDatasets.TryParse(id, out var variant, out var index)) throw new DatasetNotFoundException(id);
        var shape = XenopusPhantom.Shape(index, variant);
        return new DatasetInfo
        {
            Id = id,
            Name = string.Create(CultureInfo.InvariantCulture, $"Phantom {variant.ToString().ToLowerInvariant()} S{index + 1}"),
            BuiltIn = true,
            IsReady = false,
            X = shape.X,
            Y = shape.Y,
            Z = shape.Z,
            Channels = XenopusPhantom.Channels,
            SpacingX = XenopusPhantom.SpacingXY,
            SpacingY = XenopusPhantom.SpacingXY,
            SpacingZ = XenopusPhantom.SpacingZ,
            SpacingUnit = SpatialUnit.Micron,
            LabelKind = DatasetLabelKind.Dense,
            LabeledVoxels = shape.VoxelCount,
            PhantomVersion = EngineVersion.Current,
        };
    }

    /// <summary>The sample's volume, stored first if it is not yet; concurrent callers share one generation.</summary>
    public LabeledVolume Materialise(string id)
    {
        var pending = materialising.GetOrAdd(id, key => new Lazy<LabeledVolume>(() => GenerateAndStore(key)));
        try
        {
            return pending.Value;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            logger.LogWarning(e, "Materialising {DatasetId} failed; using the generated phantom directly", id);
            return PhantomDatasets.Shared.Load(id);
        }
        finally
        {
            materialising.TryRemove(new KeyValuePair<string, Lazy<LabeledVolume>>(id, pending));
        }
    }

    private LabeledVolume GenerateAndStore(string id)
    {
        if (cache.TryGet(id, out var cached) && stored.Find(id) is not null) return cached;
        if (stored.Find(id) is { } record)
        {
            var loaded = stored.Load(record);
            cache.Add(id, loaded);
            return loaded;
        }
        PhantomDatasets.TryParse(id, out var variant, out var index);
        // The small variants come from the process-wide phantom cache that training without datasets shares; the
        // paper's volumes are large and kept only in the store's bounded cache.
        var volume = variant == PhantomVariant.Paper
            ? XenopusPhantom.GenerateSample(index, variant, PhantomDatasets.Seed)
            : PhantomDatasets.Shared.Load(id);
        try
        {
            // A sample stored by another engine version is made again, since results are keyed by the engine version.
            if (stored.Remove(id)) logger.LogInformation("Built-in dataset {DatasetId} was made by another engine version; making it again", id);
            stored.Store(Template(id), volume);
            logger.LogInformation("Built-in dataset {DatasetId} stored", id);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or LiteException)
        {
            logger.LogWarning(e, "Built-in dataset {DatasetId} could not be stored; it is generated again when needed", id);
        }
        cache.Add(id, volume);
        return volume;
    }
}
