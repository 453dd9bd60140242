using System.Text;
using System.Text.Json;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace UNet3D.Lab.Experiments.Training;

/// <summary>
/// A training run frozen at a step: model (parameters and BatchNorm statistics), optimizer state (momentum,
/// Adam moments) and <see cref="CheckpointMetadata"/>. The random state needs no saving: each step's randomness is
/// derived from the seed and the step (<see cref="StepRandom"/>). Written to a temporary file, flushed to the disk
/// and renamed, so a crash never leaves a half-written checkpoint behind.
/// </summary>
public sealed class TrainingCheckpoint
{
    private static readonly byte[] Magic = "UNET3DCK"u8.ToArray();
    private const int FormatVersion = 1;
    private const string TemporarySuffix = ".partial";

    private TrainingCheckpoint(string path, CheckpointMetadata metadata, long payloadOffset)
    {
        Path = path;
        Metadata = metadata;
        this.payloadOffset = payloadOffset;
    }

    private readonly long payloadOffset;

    public string Path { get; }

    public CheckpointMetadata Metadata { get; }

    /// <summary>
    /// Writes the checkpoint to a temporary file beside <paramref name="path"/>, flushes it to the disk, calls
    /// <paramref name="beforeCommit"/> with its step and only then renames it over the previous one: after a crash
    /// at any moment the path holds a whole checkpoint, the old or the new. Should <paramref name="beforeCommit"/>
    /// throw, the previous checkpoint stays and the temporary file is removed.
    /// </summary>
    public static void Save(string path, nn.Module model, OptimizerHelper optimizer, CheckpointMetadata metadata, Action<int>? beforeCommit = null)
    {
        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        // A name of its own: a writer that lost its run (and is about to learn it) never writes into another's file.
        var temporary = $"{path}.{Guid.NewGuid():N}{TemporarySuffix}";
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
                {
                    var json = JsonSerializer.SerializeToUtf8Bytes(metadata);
                    writer.Write(Magic);
                    writer.Write(FormatVersion);
                    writer.Write(json.Length);
                    writer.Write(json);
                    model.save(writer);
                    optimizer.save_state_dict(writer);
                }
                stream.Flush(flushToDisk: true);
            }
            beforeCommit?.Invoke(metadata.Step);
            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    /// <summary>
    /// Removes the temporary files a crash or a stopped writer left beside <paramref name="path"/>, keeping the
    /// checkpoint itself; returns how many were removed. Called when the run is complete.
    /// </summary>
    public static int Prune(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        var directory = System.IO.Path.GetDirectoryName(full)!;
        if (!Directory.Exists(directory)) return 0;
        var removed = 0;
        foreach (var leftover in Directory.EnumerateFiles(directory, System.IO.Path.GetFileName(full) + ".*" + TemporarySuffix))
        {
            try
            {
                File.Delete(leftover);
                removed++;
            }
            catch (IOException)
            {
                // Still open on a platform that refuses: the next prune removes it.
            }
        }
        return removed;
    }

    /// <summary>Reads the metadata; <see cref="Restore"/> then loads the weights into a model built the same way.</summary>
    public static TrainingCheckpoint Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Checkpoint '{path}' does not exist.", path);
        using var stream = File.OpenRead(path);
        using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: false);
        try
        {
            if (!reader.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic))
                throw new InvalidDataException($"'{path}' is not a UNet3D.Lab checkpoint (wrong magic).");
            var version = reader.ReadInt32();
            if (version != FormatVersion)
                throw new InvalidDataException($"Checkpoint '{path}' has format version {version}; this build reads {FormatVersion}.");
            var length = reader.ReadInt32();
            if (length <= 0 || length > stream.Length - stream.Position)
                throw new InvalidDataException($"Checkpoint '{path}' is truncated (metadata length {length}).");
            var metadata = JsonSerializer.Deserialize<CheckpointMetadata>(reader.ReadBytes(length))
                ?? throw new InvalidDataException($"Checkpoint '{path}' has no metadata.");
            return new TrainingCheckpoint(path, metadata, stream.Position);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException($"Checkpoint '{path}' is truncated.", e);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"Checkpoint '{path}' has unreadable metadata: {e.Message}", e);
        }
    }

    public void Restore(nn.Module model, OptimizerHelper? optimizer)
    {
        using var stream = File.OpenRead(Path);
        stream.Position = payloadOffset;
        using var reader = new BinaryReader(stream);
        model.load(reader);
        optimizer?.load_state_dict(reader);
    }
}
