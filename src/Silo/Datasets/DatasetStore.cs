using Microsoft.Extensions.Options;
using UNet3D.Lab.Silo.Datasets.Annotations;

namespace UNet3D.Lab.Silo.Datasets;

/// <summary>
/// The lab's datasets, one object for the silo's services and the command line: records in the LiteDB file
/// (<see cref="DatasetCatalog"/>), voxels under <c>{DataDirectory}/datasets/{id}/</c> (<see cref="DatasetVolumeFiles"/>),
/// imports checked by <see cref="DatasetImporter"/>, the phantom's samples by <see cref="BuiltInPhantoms"/>, and loaded
/// volumes kept in a <see cref="VolumeCache"/>.
/// </summary>
/// <remarks>
/// <para>The phantom's ids always resolve: a sample not stored yet is generated and stored on first use. A process
/// that cannot take the data directory (another process holds it) still generates the phantom.</para>
/// <para>Everything here is synchronous and may take seconds (an import parses a whole volume): call it off Orleans
/// scheduler threads and off request threads (<c>Task.Run</c>); the grains (<c>IDatasetCatalogGrain</c>,
/// <c>IDatasetUploadGrain</c>) do.</para>
/// </remarks>
public sealed class DatasetStore : IDatasetSource, IDisposable
{
    private readonly ILogger logger;
    private readonly VolumeCache cache;
    private readonly StoredDatasets stored;
    private readonly DatasetImporter importer;
    private readonly BuiltInPhantoms phantoms;
    private readonly DatasetAnnotations annotations;
    private readonly DatasetRecordLookup? dataSilo;

    /// <param name="dataSilo">Set on a silo that only trains: records come from the silo that hosts the data.</param>
    public DatasetStore(LabDatabase database, IOptions<LabOptions> options, ILogger<DatasetStore> logger, DatasetRecordLookup? dataSilo = null)
    {
        this.logger = logger;
        this.dataSilo = dataSilo;
        Limits = options.Value.Datasets;
        cache = new VolumeCache(Limits.CacheBytes);
        stored = new StoredDatasets(database, options.Value.DatasetsDirectory, logger);
        importer = new DatasetImporter(Limits);
        phantoms = new BuiltInPhantoms(stored, cache, logger);
        annotations = new DatasetAnnotations(stored.Root);
    }

    /// <summary>The folder holding one subfolder per stored dataset.</summary>
    public string Root => stored.Root;

    public LabDatasetOptions Limits { get; }

    /// <summary>Built-in samples first (stored or not), then imports, newest first.</summary>
    public IReadOnlyList<DatasetInfo> List()
    {
        var records = stored.All().Select(WithAnnotations).ToDictionary(i => i.Id, StringComparer.Ordinal);
        var builtIn = BuiltInPhantoms.Ids.Select(id => records.GetValueOrDefault(id) ?? BuiltInPhantoms.Template(id));
        var imported = records.Values.Where(i => !i.BuiltIn).OrderByDescending(i => i.CreatedAt);
        return [.. builtIn, .. imported];
    }

    /// <summary>The dataset with this id; a built-in one even before it is stored (<see cref="DatasetInfo.IsReady"/> false).</summary>
    public DatasetInfo? Find(string id) =>
        !DatasetIds.IsValid(id) ? null : (stored.Find(id) is { } info ? WithAnnotations(info) : null) ?? (BuiltInPhantoms.IsPhantom(id) ? BuiltInPhantoms.Template(id) : null);

    /// <summary>The dataset's voxels with the slices annotated in the browser written over its labels (what training sees).</summary>
    public LabeledVolume Load(string id) => annotations.Apply(id, LoadStored(id));

    private LabeledVolume LoadStored(string id)
    {
        if (cache.TryGet(id, out var cached)) return cached;
        var isPhantom = BuiltInPhantoms.IsPhantom(id);
        if (dataSilo is not null) return LoadFromSharedFolder(id, isPhantom);
        DatasetInfo? record;
        try
        {
            record = DatasetIds.IsValid(id) ? stored.Find(id) : null;
        }
        catch (InvalidOperationException e) when (isPhantom)
        {
            // The data directory belongs to another process (a silo that joined from the same folder): the phantom
            // is generated here instead.
            logger.LogWarning("Datasets not readable here ({Reason}); generating {DatasetId}", e.Message, id);
            return PhantomDatasets.Shared.Load(id);
        }
        if (record is { } info)
        {
            try
            {
                var volume = stored.Load(info);
                cache.Add(id, volume);
                return volume;
            }
            catch (Exception e) when (isPhantom && e is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                // The phantom can always be made again.
                logger.LogWarning("Stored phantom {DatasetId} cannot be read ({Reason}); generating it", id, e.Message);
            }
        }
        if (isPhantom) return phantoms.Materialise(id);
        throw new DatasetNotFoundException(id);
    }

    /// <summary>
    /// On a silo that only trains: the phantom is generated here; an imported dataset's record comes from the data
    /// silo and its voxels from the shared folder, which the data silo writes and this silo only reads.
    /// </summary>
    private LabeledVolume LoadFromSharedFolder(string id, bool isPhantom)
    {
        if (isPhantom) return PhantomDatasets.Shared.Load(id);
        var info = (DatasetIds.IsValid(id) ? dataSilo!.Find(id) : null) ?? throw new DatasetNotFoundException(id);
        LabeledVolume volume;
        try
        {
            volume = stored.ReadShared(info);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new InvalidOperationException(
                $"Dataset '{id}' is not under {Root} on this silo: give every silo of the cluster the same Lab:SharedDirectory (a folder they all reach) so it can train here.", e);
        }
        cache.Add(id, volume);
        return volume;
    }

    /// <summary>Generates and stores a built-in sample if it is not stored yet; its record either way.</summary>
    public DatasetInfo Materialise(string id)
    {
        if (!BuiltInPhantoms.IsPhantom(id)) throw new DatasetNotFoundException(id);
        phantoms.Materialise(id);
        return Find(id)!;
    }

    /// <summary>Bytes of a stored thumbnail PNG (<see cref="DatasetThumbnails"/>); null when there is none.</summary>
    public byte[]? Thumbnail(string id, VolumeAxis axis, bool labels) =>
        DatasetIds.IsValid(id) ? stored.Thumbnail(id, axis, labels) : null;

    /// <summary>A staging folder for one upload's files; dispose it when the import is done.</summary>
    public DatasetUpload BeginUpload(long? maxBytes = null) => stored.BeginUpload(maxBytes ?? Limits.MaxUploadBytes);

    /// <summary>
    /// Reads, checks and stores a volume and its optional labels. Every refusal is a <see cref="DatasetImportException"/>
    /// naming the field and the file (<see cref="DatasetImporter"/>); nothing of a refused import is stored.
    /// </summary>
    public DatasetInfo Import(DatasetImportRequest request, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        stored.Open(); // a store another process holds refuses before any file is read
        var (template, volume) = importer.Read(request, cancellation);
        cancellation.ThrowIfCancellationRequested();
        var info = stored.Store(template, volume);
        cache.Add(info.Id, volume);
        logger.LogInformation("Imported dataset {DatasetId} '{Name}' ({Shape}, {Channels} channel(s), {LabelKind} labels)",
            info.Id, info.Name, volume.Shape, info.Channels, info.LabelKind);
        return info;
    }

    /// <summary>
    /// Checks and stores one annotated slice (<see cref="AnnotationPlane"/>), replacing what the slice held; with every
    /// problem named and nothing stored when the slice is out of range, the PNG is not 8-bit grayscale of the slice's
    /// size, or a pixel is not a class of the dataset.
    /// </summary>
    public AnnotationWriteOutcome PutAnnotation(string id, VolumeAxis axis, int index, byte[] png)
    {
        if (Find(id) is not { } info) return new AnnotationWriteOutcome(null, [], DatasetMissing: true);
        if (info.BuiltIn || !info.IsReady)
            return new AnnotationWriteOutcome(null, [new DatasetImportProblem("id", $"'{id}' is a built-in phantom sample whose labels are generated; import a volume to annotate it.")]);
        var plane = new AnnotationPlane(axis, index, info.Shape);
        var problems = new List<DatasetImportProblem>();
        if (!plane.InRange)
            problems.Add(new DatasetImportProblem("index", $"slice {index} along {plane.AxisName} is outside 0..{info.Shape.Extent(axis) - 1} (dataset '{id}' is {info.Shape} voxels)."));
        byte[]? pixels = null;
        try
        {
            pixels = GrayscalePngReader.Read(png, plane.Width, plane.Height);
        }
        catch (InvalidDataException e)
        {
            problems.Add(new DatasetImportProblem("body", e.Message));
        }
        var classes = AnnotationClasses.Of(info);
        if (pixels is not null)
        {
            var unknown = pixels.Where(v => v >= classes.Count && v != AnnotationClasses.NotAnnotated).Distinct().Order().ToArray();
            if (unknown.Length > 0)
                problems.Add(new DatasetImportProblem("body",
                    $"pixel value{(unknown.Length > 1 ? "s" : "")} {string.Join(", ", unknown)} {(unknown.Length > 1 ? "are not classes" : "is not a class")} of dataset '{id}': "
                    + $"its classes are {string.Join(", ", classes.Select((name, i) => $"{i} ({name})"))}, and {AnnotationClasses.NotAnnotated} marks a pixel not annotated."));
        }
        if (problems.Count > 0) return new AnnotationWriteOutcome(null, [.. problems]);
        var slice = annotations.Write(id, plane, pixels!, classes.Count);
        logger.LogInformation("Dataset {DatasetId}: slice {Axis}={Index} annotated ({Voxels} voxels)", id, plane.AxisName, index, slice.AnnotatedVoxels);
        return new AnnotationWriteOutcome(slice, []);
    }

    /// <summary>An annotated slice as 8-bit grayscale PNG (class index, 255 not annotated); null when the slice or the dataset has none.</summary>
    public byte[]? AnnotationPng(string id, VolumeAxis axis, int index)
    {
        if (Find(id) is not { } info || annotations.Read(id, axis, index) is not { } pixels) return null;
        var plane = new AnnotationPlane(axis, index, info.Shape);
        return PngEncoder.Encode(plane.Width, plane.Height, 1, pixels);
    }

    /// <summary>True when the slice was annotated and is no longer; false when it was not; null when there is no such dataset.</summary>
    public bool? DeleteAnnotation(string id, VolumeAxis axis, int index) =>
        Find(id) is null ? null : annotations.Delete(id, axis, index);

    /// <summary>The dataset's annotated slices by axis and index; null when there is no such dataset.</summary>
    public IReadOnlyList<AnnotationSummary>? Annotations(string id) =>
        Find(id) is { } info ? annotations.List(id, AnnotationClasses.Of(info).Count) : null;

    /// <summary>A hash of the dataset's annotated slices; null when it has none.</summary>
    public string? AnnotationFingerprint(string id) => DatasetIds.IsValid(id) ? annotations.Fingerprint(id) : null;

    public void Dispose() => stored.Dispose();

    private DatasetInfo WithAnnotations(DatasetInfo info) =>
        info.BuiltIn ? info : info with { AnnotatedSlices = annotations.Count(info.Id) };
}
