using System.Text;
using System.Text.Json;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace UNet3D.Lab.Experiments.Training;

/// <summary>
/// A training run frozen at a step: model (parameters and BatchNorm statistics), optimizer state (momentum,
/// Adam moments) and <see cref="CheckpointMetadata"/>. The random state needs no saving: each step's randomness is
/// derived from the seed and the step (<see cref="StepRandom"/>). Written to a temporary file and renamed, so a
/// crash never leaves a half-written checkpoint behind.
/// </summary>
public sealed class TrainingCheckpoint
{
    private static readonly byte[] Magic = "UNET3DCK"u8.ToArray();
    private const int FormatVersion = 1;

    private TrainingCheckpoint(string path, CheckpointMetadata metadata, long payloadOffset)
    {
        Path = path;
        Metadata = metadata;
        this.payloadOffset = payloadOffset;
    }

    private readonly long payloadOffset;

    public string Path { get; }

    public CheckpointMetadata Metadata { get; }

    public static void Save(string path, nn.Module model, OptimizerHelper optimizer, CheckpointMetadata metadata)
    {
        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temporary = path + ".partial";
        using (var stream = File.Create(temporary))
        using (var writer = new BinaryWriter(stream))
        {
            var json = JsonSerializer.SerializeToUtf8Bytes(metadata);
            writer.Write(Magic);
            writer.Write(FormatVersion);
            writer.Write(json.Length);
            writer.Write(json);
            model.save(writer);
            optimizer.save_state_dict(writer);
        }
        File.Move(temporary, path, overwrite: true);
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
