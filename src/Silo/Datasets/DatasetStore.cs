using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using LiteDB;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using UNet3D.Lab.Experiments;
using UNet3D.Lab.Experiments.Data;
using UNet3D.Lab.Experiments.Data.Formats;
using UNet3D.Lab.Silo.Storage;
using JsonSerializer = System.Text.Json.JsonSerializer;

namespace UNet3D.Lab.Silo.Datasets;

/// <summary>
/// The lab's datasets: metadata in the LiteDB file (collection <c>datasets</c>), voxels under
/// <c>{DataDirectory}/datasets/{id}/</c> as raw little-endian float32 (<c>image.f32</c>, (C, Z, Y, X)) and bytes
/// (<c>labels.u8</c>, (Z, Y, X), labels 0–3), with the middle-slice thumbnails beside them.
/// </summary>
/// <remarks>
/// <para>Writes are atomic: a dataset is written into a staging folder, renamed into place, and only then recorded;
/// any failure removes what was written, and a folder without a record (a crash between rename and record) is
/// removed when the store next opens. Loading checks the stored SHA-256, so a damaged file is an error, never a
/// silently different volume.</para>
/// <para>The phantom's ids (<see cref="PhantomDatasets"/>) always resolve: a sample not stored yet is generated and
/// stored on first use; if storing fails, the generated volume is still returned.</para>
/// <para>Everything here is synchronous and may take seconds (an import parses a whole volume): call it off Orleans
/// scheduler threads and off request threads (<c>Task.Run</c>).</para>
/// </remarks>
public sealed class DatasetStore : IDatasetSource, IDisposable
{
    public const string CollectionName = "datasets";
    public const string StagingFolderName = ".staging";
    public const string LockFileName = ".lock";
    public const string ImageFileName = "image.f32";
    public const string LabelsFileName = "labels.u8";
    public const int MaxNameLength = 200;

    /// <summary>Smallest and largest value a sparse label file may use for "unlabeled" (int16 and uint16 files).</summary>
    public const int MinUnlabeledValue = short.MinValue, MaxUnlabeledValue = ushort.MaxValue;

    private const int ChunkValues = 1 << 18;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    private readonly LabDatabase database;
    private readonly ILogger logger;
    private readonly VolumeCache cache;
    private readonly ConcurrentDictionary<string, Lazy<LabeledVolume>> materialising = new(StringComparer.Ordinal);
    private readonly Lazy<ILiteCollection<BsonDocument>> collection;
    private FileStream? lockFile;

    public DatasetStore(LabDatabase database, IOptions<LabOptions> options, ILogger<DatasetStore> logger)
    {
        this.database = database;
        this.logger = logger;
        Limits = options.Value.Datasets;
        Root = options.Value.DatasetsDirectory;
        cache = new VolumeCache(Limits.CacheBytes);
        collection = new Lazy<ILiteCollection<BsonDocument>>(Open);
    }

    /// <summary>The folder holding one subfolder per stored dataset.</summary>
    public string Root { get; }

    public LabDatasetOptions Limits { get; }

    private string StagingRoot => Path.Combine(Root, StagingFolderName);

    private ILiteCollection<BsonDocument> Records => collection.Value;

    /// <summary>Every phantom sample, in list order: tiny, cpu, then paper, S1–S3 each.</summary>
    public static IReadOnlyList<string> BuiltInIds { get; } =
        [.. PhantomDatasets.Ids(PhantomVariant.Tiny), .. PhantomDatasets.Ids(PhantomVariant.Cpu), .. PhantomDatasets.Ids(PhantomVariant.Paper)];

    /// <summary>The samples generated when a silo starts (seconds); the paper's (20 s) wait for their first use.</summary>
    public static IReadOnlyList<string> StartupBuiltInIds { get; } =
        [.. PhantomDatasets.Ids(PhantomVariant.Tiny), .. PhantomDatasets.Ids(PhantomVariant.Cpu)];

    /// <summary>Built-in samples first (stored or not), then imports, newest first.</summary>
    public IReadOnlyList<DatasetInfo> List()
    {
        var stored = Records.FindAll().Select(Read).Where(IsCurrent).ToDictionary(i => i.Id, StringComparer.Ordinal);
        var builtIn = BuiltInIds.Select(id => stored.GetValueOrDefault(id) ?? BuiltInTemplate(id));
        var imported = stored.Values.Where(i => !i.BuiltIn).OrderByDescending(i => i.CreatedAt);
        return [.. builtIn, .. imported];
    }

    /// <summary>The dataset with this id; a built-in one even before it is stored (<see cref="DatasetInfo.IsReady"/> false).</summary>
    public DatasetInfo? Find(string id) =>
        !DatasetIds.IsValid(id) ? null : FindStored(id) ?? (PhantomDatasets.TryParse(id, out _, out _) ? BuiltInTemplate(id) : null);

    public LabeledVolume Load(string id)
    {
        if (cache.TryGet(id, out var cached)) return cached;
        var isPhantom = PhantomDatasets.TryParse(id, out _, out _);
        DatasetInfo? stored;
        try
        {
            stored = DatasetIds.IsValid(id) ? FindStored(id) : null;
        }
        catch (InvalidOperationException e) when (isPhantom)
        {
            // The data directory belongs to another process (a silo that joined from the same folder): the phantom
            // is generated here instead.
            logger.LogWarning("Datasets not readable here ({Reason}); generating {DatasetId}", e.Message, id);
            return PhantomDatasets.Shared.Load(id);
        }
        if (stored is { } info)
        {
            try
            {
                var volume = LoadStored(info);
                cache.Add(id, volume);
                return volume;
            }
            catch (Exception e) when (isPhantom && e is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                // The phantom can always be made again.
                logger.LogWarning("Stored phantom {DatasetId} cannot be read ({Reason}); generating it", id, e.Message);
            }
        }
        if (isPhantom) return MaterialisePhantom(id);
        throw new DatasetNotFoundException(id);
    }

    /// <summary>Generates and stores a built-in sample if it is not stored yet; its record either way.</summary>
    public DatasetInfo Materialise(string id)
    {
        if (!PhantomDatasets.TryParse(id, out _, out _)) throw new DatasetNotFoundException(id);
        MaterialisePhantom(id);
        return Find(id)!;
    }

    /// <summary>Bytes of a stored thumbnail PNG (<see cref="DatasetThumbnails"/>); null when there is none.</summary>
    public byte[]? Thumbnail(string id, VolumeAxis axis, bool labels)
    {
        if (!DatasetIds.IsValid(id) || FindStored(id) is null) return null;
        var path = Path.Combine(Root, id, ThumbnailFileName(axis, labels));
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    /// <summary>A staging folder for one upload's files; dispose it when the import is done.</summary>
    public DatasetUpload BeginUpload(long? maxBytes = null)
    {
        _ = Records;
        return new DatasetUpload(Path.Combine(StagingRoot, "upload-" + Guid.NewGuid().ToString("N")), maxBytes ?? Limits.MaxUploadBytes);
    }

    /// <summary>
    /// Reads, checks and stores a volume and its optional labels. Every refusal is a <see cref="DatasetImportException"/>
    /// naming the field and the file; headers are checked (shape, size limit, label shape) before any voxel is read.
    /// </summary>
    public DatasetInfo Import(DatasetImportRequest request, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        _ = Records;
        var image = request.Image ?? throw new DatasetImportException(DatasetUpload.ImageField,
            $"an image file is required (field 'image'; {DatasetFileFormats.Extensions}).");
        var imageName = DatasetFileNames.Check(DatasetUpload.ImageField, image.FileName);
        var labelsName = request.Labels is { } given ? DatasetFileNames.Check(DatasetUpload.LabelsField, given.FileName) : null;
        var kind = ParseLabelKind(request.LabelKind, request.Labels is not null);
        var unlabeled = ParseUnlabeledValue(request.UnlabeledValue, kind);
        var imageFormat = FormatOf(DatasetUpload.ImageField, imageName);
        var labelsFormat = labelsName is null ? null : FormatOf(DatasetUpload.LabelsField, labelsName);
        var name = CheckName(request.Name, imageFormat.StripExtension(imageName));

        var imageHeader = ReadFile(DatasetUpload.ImageField, imageName, () => imageFormat.ReadHeader(image.Path, imageName));
        if (imageHeader.Values > Limits.MaxImageValues)
            throw new DatasetImportException(DatasetUpload.ImageField,
                FormattableString.Invariant($"{imageName}: {imageHeader.ShapeText} × {imageHeader.Channels} channel(s) is {imageHeader.Values:N0} values; the lab imports at most {Limits.MaxImageValues:N0} (Lab:Datasets:MaxImageValues)."));
        VolumeFileHeader? labelsHeader = null;
        if (request.Labels is { } labelsFile)
        {
            labelsHeader = ReadFile(DatasetUpload.LabelsField, labelsName!, () => labelsFormat!.ReadLabelsHeader(labelsFile.Path, labelsName!));
            if ((labelsHeader.X, labelsHeader.Y, labelsHeader.Z) != (imageHeader.X, imageHeader.Y, imageHeader.Z))
                throw new DatasetImportException(DatasetUpload.LabelsField,
                    $"{labelsName} is {labelsHeader.ShapeText} but {imageName} is {imageHeader.ShapeText} (x×y×z): labels and image must have the same shape.");
            if (labelsHeader.Channels != 1)
                throw new DatasetImportException(DatasetUpload.LabelsField,
                    $"{labelsName} has {labelsHeader.Channels} channels; a label volume has one.");
        }

        cancellation.ThrowIfCancellationRequested();
        var pixels = ReadFile(DatasetUpload.ImageField, imageName, () => imageFormat.Read(image.Path, imageName));
        if ((pixels.X, pixels.Y, pixels.Z, pixels.Channels) != (imageHeader.X, imageHeader.Y, imageHeader.Z, imageHeader.Channels))
            throw new DatasetImportException(DatasetUpload.ImageField, $"{imageName}: the voxels read do not match the header's shape.");
        var shape = new VolumeShape(pixels.Z, pixels.Y, pixels.X);
        CheckFinite(pixels, imageName);

        byte[] labels;
        if (request.Labels is { } source)
        {
            cancellation.ThrowIfCancellationRequested();
            var values = ReadFile(DatasetUpload.LabelsField, labelsName!, () => labelsFormat!.ReadLabels(source.Path, labelsName!));
            if (values.Data.LongLength != shape.VoxelCount)
                throw new DatasetImportException(DatasetUpload.LabelsField, $"{labelsName}: the voxels read do not match the header's shape.");
            labels = ConvertLabels(values.Data, shape, kind, unlabeled, labelsName!);
        }
        else
        {
            labels = new byte[shape.VoxelCount];
            Array.Fill(labels, SegmentationLabels.Unlabeled);
        }

        cancellation.ThrowIfCancellationRequested();
        var spacing = (Shortest(pixels.Spacing.X), Shortest(pixels.Spacing.Y), Shortest(pixels.Spacing.Z));
        var volume = new LabeledVolume(name, shape, pixels.Channels, pixels.Data, labels, spacing, pixels.Unit);
        List<DatasetSourceFile> files = [new(DatasetUpload.ImageField, imageName, imageFormat.Name, imageHeader.DataType, new FileInfo(image.Path).Length)];
        if (request.Labels is { } labelSource)
            files.Add(new(DatasetUpload.LabelsField, labelsName!, labelsFormat!.Name, labelsHeader!.DataType, new FileInfo(labelSource.Path).Length));
        var template = new DatasetInfo
        {
            Id = DatasetIds.New(),
            Name = name,
            X = shape.X,
            Y = shape.Y,
            Z = shape.Z,
            Channels = volume.Channels,
            SpacingX = volume.Spacing.X,
            SpacingY = volume.Spacing.Y,
            SpacingZ = volume.Spacing.Z,
            SpacingUnit = volume.SpacingUnit,
            Files = [.. files],
            LabelKind = kind,
            UnlabeledValue = kind == DatasetLabelKind.Sparse ? unlabeled : null,
        };
        var info = Store(template, volume);
        cache.Add(info.Id, volume);
        logger.LogInformation("Imported dataset {DatasetId} '{Name}' ({Shape}, {Channels} channel(s), {LabelKind} labels)",
            info.Id, info.Name, shape, info.Channels, kind);
        return info;
    }

    public void Dispose()
    {
        lockFile?.Dispose();
        lockFile = null;
    }

    private ILiteCollection<BsonDocument> Open()
    {
        // One process owns a data directory's datasets: LiteDB's own file sharing does not stop a second process
        // on Linux, and the sweep below must never remove another process's upload or write in progress.
        Directory.CreateDirectory(Root);
        var lockPath = Path.Combine(Root, LockFileName);
        try
        {
            lockFile = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
        }
        catch (IOException e)
        {
            throw new InvalidOperationException(
                $"{Root} is in use by another process of the lab (a running lab, another 'data import', or a silo started from the same folder); stop it, import through that lab's API (POST /api/datasets), or give this process its own Lab:DataDirectory.", e);
        }
        var records = database.Collection(CollectionName);
        if (Directory.Exists(StagingRoot))
        {
            foreach (var leftover in Directory.EnumerateFileSystemEntries(StagingRoot)) DeleteQuietly(leftover);
        }
        var ids = records.FindAll().Select(d => d["_id"].AsString).ToHashSet(StringComparer.Ordinal);
        foreach (var folder in Directory.EnumerateDirectories(Root))
        {
            var name = Path.GetFileName(folder);
            if (name.StartsWith('.') || ids.Contains(name)) continue;
            logger.LogWarning("Removing {Folder}: a dataset folder without a record (an interrupted write)", folder);
            DeleteQuietly(folder);
        }
        foreach (var id in ids.Where(id => !Directory.Exists(Path.Combine(Root, id))))
        {
            logger.LogWarning("Dataset {DatasetId} has no folder under {Root} any more; forgetting it", id, Root);
            records.Delete(id);
        }
        return records;
    }

    // A built-in sample stored by another engine version counts as not stored: it is made again on first use.
    private DatasetInfo? FindStored(string id) =>
        Records.FindById(id) is { } document && Read(document) is var info && IsCurrent(info) ? info : null;

    private static bool IsCurrent(DatasetInfo info) => !info.BuiltIn || info.PhantomVersion == EngineVersion.Current;

    private static DatasetInfo Read(BsonDocument document) =>
        JsonSerializer.Deserialize<DatasetInfo>(document["info"].AsString, Json)
        ?? throw new InvalidDataException($"Dataset record {document["_id"].AsString} is empty.");

    private static DatasetInfo BuiltInTemplate(string id)
    {
        PhantomDatasets.TryParse(id, out var variant, out var index);
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

    private LabeledVolume MaterialisePhantom(string id)
    {
        var pending = materialising.GetOrAdd(id, key => new Lazy<LabeledVolume>(() => GenerateAndStore(key)));
        try
        {
            return pending.Value;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // An experiment never fails for want of the phantom.
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
        if (cache.TryGet(id, out var cached) && FindStored(id) is not null) return cached;
        if (FindStored(id) is { } stored)
        {
            var loaded = LoadStored(stored);
            cache.Add(id, loaded);
            return loaded;
        }
        PhantomDatasets.TryParse(id, out var variant, out var index);
        // The small variants come from the process-wide phantom cache that training without datasets shares; the
        // paper's volumes are large and kept only in this store's bounded cache.
        var volume = variant == PhantomVariant.Paper
            ? XenopusPhantom.GenerateSample(index, variant, PhantomDatasets.Seed)
            : PhantomDatasets.Shared.Load(id);
        try
        {
            RemoveOutdated(id);
            Store(BuiltInTemplate(id), volume);
            logger.LogInformation("Built-in dataset {DatasetId} stored", id);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or LiteException)
        {
            logger.LogWarning(e, "Built-in dataset {DatasetId} could not be stored; it is generated again when needed", id);
        }
        cache.Add(id, volume);
        return volume;
    }

    // Files first: a record left without files is read as unreadable and its phantom made again.
    private void RemoveOutdated(string id)
    {
        var folder = Path.Combine(Root, id);
        if (Records.FindById(id) is null && !Directory.Exists(folder)) return;
        logger.LogInformation("Built-in dataset {DatasetId} was made by another engine version; making it again", id);
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        Records.Delete(id);
    }

    /// <summary>Writes voxels, thumbnails and record; all or nothing.</summary>
    private DatasetInfo Store(DatasetInfo template, LabeledVolume volume)
    {
        var staging = Path.Combine(StagingRoot, "write-" + Guid.NewGuid().ToString("N"));
        var final = Path.Combine(Root, template.Id);
        var moved = false;
        try
        {
            Directory.CreateDirectory(staging);
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            Span<byte> dimensions = stackalloc byte[16];
            BinaryPrimitives.WriteInt32LittleEndian(dimensions, volume.Shape.X);
            BinaryPrimitives.WriteInt32LittleEndian(dimensions[4..], volume.Shape.Y);
            BinaryPrimitives.WriteInt32LittleEndian(dimensions[8..], volume.Shape.Z);
            BinaryPrimitives.WriteInt32LittleEndian(dimensions[12..], volume.Channels);
            hash.AppendData(dimensions);
            WriteFloats(Path.Combine(staging, ImageFileName), volume.Image, hash);
            WriteBytes(Path.Combine(staging, LabelsFileName), volume.Labels, hash);
            var sha = Convert.ToHexStringLower(hash.GetHashAndReset());

            var histogram = DatasetContent.LabelHistogram(volume.Labels);
            var hasLabels = template.LabelKind != DatasetLabelKind.None;
            foreach (var axis in new[] { VolumeAxis.X, VolumeAxis.Y, VolumeAxis.Z })
            {
                File.WriteAllBytes(Path.Combine(staging, ThumbnailFileName(axis, labels: false)), DatasetThumbnails.Image(volume, axis));
                if (hasLabels) File.WriteAllBytes(Path.Combine(staging, ThumbnailFileName(axis, labels: true)), DatasetThumbnails.Labels(volume, axis));
            }

            var info = template with
            {
                IsReady = true,
                LabeledVoxels = volume.Labels.LongLength - histogram[SegmentationLabels.Unlabeled],
                ChannelStatistics = DatasetContent.ChannelStatistics(volume),
                LabelHistogram = histogram,
                Sha256 = sha,
                CreatedAt = DateTimeOffset.UtcNow,
            };
            Directory.Move(staging, final);
            moved = true;
            Records.Insert(new BsonDocument
            {
                ["_id"] = info.Id,
                ["name"] = info.Name,
                ["builtIn"] = info.BuiltIn,
                ["created"] = info.CreatedAt!.Value.UtcDateTime,
                ["sha256"] = sha,
                ["info"] = JsonSerializer.Serialize(info, Json),
            });
            return info;
        }
        catch
        {
            if (moved) DeleteQuietly(final);
            throw;
        }
        finally
        {
            DeleteQuietly(staging);
        }
    }

    private LabeledVolume LoadStored(DatasetInfo info)
    {
        var folder = Path.Combine(Root, info.Id);
        var shape = info.Shape;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> dimensions = stackalloc byte[16];
        BinaryPrimitives.WriteInt32LittleEndian(dimensions, info.X);
        BinaryPrimitives.WriteInt32LittleEndian(dimensions[4..], info.Y);
        BinaryPrimitives.WriteInt32LittleEndian(dimensions[8..], info.Z);
        BinaryPrimitives.WriteInt32LittleEndian(dimensions[12..], info.Channels);
        hash.AppendData(dimensions);
        var image = ReadFloats(Path.Combine(folder, ImageFileName), checked((int)(shape.VoxelCount * info.Channels)), hash);
        var labels = ReadBytes(Path.Combine(folder, LabelsFileName), checked((int)shape.VoxelCount), hash);
        var sha = Convert.ToHexStringLower(hash.GetHashAndReset());
        if (!string.Equals(sha, info.Sha256, StringComparison.Ordinal))
            throw new InvalidDataException($"Dataset '{info.Id}': the voxels in {folder} do not match their recorded SHA-256 (recorded {info.Sha256}, found {sha}); the files were changed or damaged.");
        return new LabeledVolume(info.Name, shape, info.Channels, image, labels, (info.SpacingX, info.SpacingY, info.SpacingZ), info.SpacingUnit);
    }

    private static string ThumbnailFileName(VolumeAxis axis, bool labels) =>
        (labels ? "labels-" : "image-") + axis.ToString().ToLowerInvariant() + ".png";

    private static DatasetLabelKind ParseLabelKind(string? text, bool hasLabels)
    {
        var kind = text?.Trim().ToLowerInvariant() switch
        {
            null or "" => hasLabels ? DatasetLabelKind.Dense : DatasetLabelKind.None,
            "dense" => DatasetLabelKind.Dense,
            "sparse" => DatasetLabelKind.Sparse,
            "none" => DatasetLabelKind.None,
            _ => throw new DatasetImportException("labelKind", $"labelKind '{text}' is not one of dense, sparse (or none, without a labels file)."),
        };
        if (kind != DatasetLabelKind.None && !hasLabels)
            throw new DatasetImportException(DatasetUpload.LabelsField, $"labelKind '{text}' needs a labels file (field 'labels').");
        if (kind == DatasetLabelKind.None && hasLabels)
            throw new DatasetImportException("labelKind", "labelKind 'none' contradicts the labels file that was sent; use dense or sparse.");
        return kind;
    }

    private static int ParseUnlabeledValue(string? text, DatasetLabelKind kind)
    {
        if (string.IsNullOrWhiteSpace(text)) return SegmentationLabels.Unlabeled;
        if (!int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value is < MinUnlabeledValue or > MaxUnlabeledValue)
            throw new DatasetImportException("unlabeledValue", $"unlabeledValue '{text}' is not an integer from {MinUnlabeledValue} to {MaxUnlabeledValue}.");
        if (value is >= 0 and < SegmentationLabels.ClassCount)
            throw new DatasetImportException("unlabeledValue", $"unlabeledValue {value} is a class label (0 inside tubule, 1 tubule, 2 background); pick another value, e.g. 3 or 255.");
        if (kind != DatasetLabelKind.Sparse && value != SegmentationLabels.Unlabeled)
            throw new DatasetImportException("unlabeledValue", $"unlabeledValue only applies to sparse labels (labelKind=sparse), not to {kind.ToString().ToLowerInvariant()}.");
        return value;
    }

    private static DatasetFileFormat FormatOf(string field, string fileName) =>
        DatasetFileFormats.For(fileName)
        ?? throw new DatasetImportException(field, $"{fileName}: the lab imports {string.Join(", ", DatasetFileFormats.All.Select(f => f.Name))} files ({DatasetFileFormats.Extensions}); the file name's extension says otherwise.");

    private static string CheckName(string? name, string fallback)
    {
        var chosen = string.IsNullOrWhiteSpace(name) ? fallback : name.Trim();
        if (chosen.Length > MaxNameLength)
            throw new DatasetImportException("name", $"name is {chosen.Length} characters long; at most {MaxNameLength} are accepted.");
        if (chosen.Any(char.IsControl))
            throw new DatasetImportException("name", "name must not contain control characters.");
        return string.IsNullOrWhiteSpace(chosen) ? "dataset" : chosen;
    }

    /// <summary>Runs a reader; its complaints (which name the file and header field) become the request field's.</summary>
    private static T ReadFile<T>(string field, string fileName, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is IOException or InvalidDataException or ArgumentException)
        {
            var message = e.Message.Contains(fileName, StringComparison.Ordinal) ? e.Message : $"{fileName}: {e.Message}";
            throw new DatasetImportException(field, message, e);
        }
    }

    private static void CheckFinite(NiftiImage image, string fileName)
    {
        long bad = 0, first = -1;
        var data = image.Data;
        for (var i = 0; i < data.Length; i++)
        {
            if (float.IsFinite(data[i])) continue;
            if (bad++ == 0) first = i;
        }
        if (bad == 0) return;
        var perChannel = image.VoxelsPerChannel;
        var (x, y, z) = Position(first % perChannel, image.Shape);
        var what = float.IsNaN(data[first]) ? "NaN" : data[first] > 0 ? "+infinity" : "-infinity";
        var more = bad > 1 ? FormattableString.Invariant($" ({bad:N0} voxels are not finite)") : "";
        throw new DatasetImportException(DatasetUpload.ImageField,
            FormattableString.Invariant($"{fileName}: voxel (x={x}, y={y}, z={z}, channel {first / perChannel}) is {what}{more}; image voxels must be finite numbers."));
    }

    private static byte[] ConvertLabels(float[] values, VolumeShape shape, DatasetLabelKind kind, int unlabeled, string fileName)
    {
        var labels = new byte[values.Length];
        long bad = 0, first = -1, annotated = 0;
        for (var i = 0; i < values.Length; i++)
        {
            var value = values[i];
            if (value is 0 or 1 or 2)
            {
                labels[i] = (byte)value;
                annotated++;
            }
            else if (kind == DatasetLabelKind.Sparse && value == unlabeled)
            {
                labels[i] = SegmentationLabels.Unlabeled;
            }
            else if (bad++ == 0)
            {
                first = i;
            }
        }
        if (bad > 0)
        {
            var (x, y, z) = Position(first, shape);
            var value = values[first];
            var allowed = kind == DatasetLabelKind.Sparse
                ? FormattableString.Invariant($"0 (inside tubule), 1 (tubule), 2 (background) or the unlabeled value {unlabeled}")
                : "0 (inside tubule), 1 (tubule) or 2 (background) in dense labels";
            var more = bad > 1 ? FormattableString.Invariant($" ({bad:N0} voxels are outside the label set)") : "";
            var hint = kind == DatasetLabelKind.Dense && float.IsFinite(value) && value == MathF.Round(value) && value is >= MinUnlabeledValue and <= MaxUnlabeledValue
                ? FormattableString.Invariant($" If {value} marks voxels nobody annotated, import with labelKind=sparse and unlabeledValue={value}.")
                : "";
            throw new DatasetImportException(DatasetUpload.LabelsField,
                FormattableString.Invariant($"{fileName}: voxel (x={x}, y={y}, z={z}) = {value} is not a label: labels are {allowed}{more}.{hint}"));
        }
        if (annotated == 0)
            throw new DatasetImportException(DatasetUpload.LabelsField,
                FormattableString.Invariant($"{fileName}: no voxel is labelled; every voxel has the unlabeled value {unlabeled}."));
        return labels;
    }

    /// <summary>
    /// A voxel size read from a float32 header field as the decimal its writer meant: 1.76f is stored as 1.76, not as
    /// 1.7599999904632568. Values that are not exactly a float are kept.
    /// </summary>
    private static double Shortest(double value) =>
        (double)(float)value == value ? double.Parse(((float)value).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) : value;

    private static (long X, long Y, long Z) Position(long index, VolumeShape shape) =>
        (index % shape.X, index / shape.X % shape.Y, index / ((long)shape.X * shape.Y));

    private static void WriteFloats(string path, float[] values, IncrementalHash hash)
    {
        using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
        var buffer = new byte[Math.Min(ChunkValues, values.Length) * sizeof(float)];
        for (var done = 0; done < values.Length;)
        {
            var count = Math.Min(ChunkValues, values.Length - done);
            var bytes = buffer.AsSpan(0, count * sizeof(float));
            MemoryMarshal.AsBytes(values.AsSpan(done, count)).CopyTo(bytes);
            if (!BitConverter.IsLittleEndian)
            {
                var words = MemoryMarshal.Cast<byte, int>(bytes);
                BinaryPrimitives.ReverseEndianness(words, words);
            }
            hash.AppendData(bytes);
            file.Write(bytes);
            done += count;
        }
        file.Flush(flushToDisk: true);
    }

    private static void WriteBytes(string path, byte[] values, IncrementalHash hash)
    {
        using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
        hash.AppendData(values);
        file.Write(values);
        file.Flush(flushToDisk: true);
    }

    private static float[] ReadFloats(string path, int count, IncrementalHash hash)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        if (file.Length != (long)count * sizeof(float))
            throw new InvalidDataException($"{path} has {file.Length} bytes; {count} float32 values need {(long)count * sizeof(float)}.");
        var values = new float[count];
        for (var done = 0; done < count;)
        {
            var chunk = Math.Min(ChunkValues, count - done);
            var bytes = MemoryMarshal.AsBytes(values.AsSpan(done, chunk));
            file.ReadExactly(bytes);
            hash.AppendData(bytes);
            if (!BitConverter.IsLittleEndian)
            {
                var words = MemoryMarshal.Cast<byte, int>(bytes);
                BinaryPrimitives.ReverseEndianness(words, words);
            }
            done += chunk;
        }
        return values;
    }

    private static byte[] ReadBytes(string path, int count, IncrementalHash hash)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        if (file.Length != count)
            throw new InvalidDataException($"{path} has {file.Length} bytes; {count} labels need {count}.");
        var values = new byte[count];
        file.ReadExactly(values);
        hash.AppendData(values);
        return values;
    }

    private static void DeleteQuietly(string path)
    {
        try
        {
            if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
            else if (File.Exists(path)) File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
