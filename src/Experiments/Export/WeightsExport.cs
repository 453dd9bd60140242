using System.Globalization;
using TorchSharp.PyBridge;
using UNet3D.Lab.Experiments.Models;
using UNet3D.Lab.Experiments.Training;

namespace UNet3D.Lab.Experiments.Export;

/// <summary>
/// A trained network leaves the lab: its state dict as safetensors (architecture in the metadata) or as a PyTorch
/// pickle (<c>torch.load</c>), with the module names of <see cref="UNet"/>, which <c>python/unet3d_lab/load.py</c>
/// rebuilds.
/// </summary>
public static class WeightsExport
{
    /// <summary>Everything the network's constructor needs, plus where the weights came from.</summary>
    public static IReadOnlyDictionary<string, string> Metadata(CheckpointMetadata checkpoint) =>
        Metadata(checkpoint.Model, checkpoint.TileInput, checkpoint.Step);

    public static IReadOnlyDictionary<string, string> Metadata(UNetConfig model, IReadOnlyList<int> tileInput, int step)
    {
        return new Dictionary<string, string>
        {
            ["format"] = "unet3d-lab",
            ["modelKind"] = model.SpatialDimensions == 3 ? "3d" : "2d",
            ["spatialDimensions"] = Invariant(model.SpatialDimensions),
            ["inputChannels"] = Invariant(model.InputChannels),
            ["classes"] = Invariant(model.Classes),
            ["baseChannels"] = Invariant(model.BaseChannels),
            ["levels"] = Invariant(model.Levels),
            ["batchNorm"] = model.BatchNorm ? "true" : "false",
            ["tileInput"] = string.Join(",", tileInput.Select(Invariant)),
            ["step"] = Invariant(step),
            ["inputNormalisation"] = "each channel standardised to mean 0, standard deviation 1",
        };
    }

    public static void WriteSafetensors(TrainingCheckpoint checkpoint, Stream target)
    {
        using var model = Restore(checkpoint);
        WriteSafetensors(model, Metadata(checkpoint.Metadata), target);
    }

    public static void WriteSafetensors(UNet model, IReadOnlyDictionary<string, string> metadata, Stream target) =>
        SafetensorsWriter.Write(target, model.state_dict().Select(p => (p.Key, p.Value)), metadata);

    /// <summary>The state dict as PyTorch writes it (TorchSharp.PyBridge): <c>torch.load(path, weights_only=True)</c> reads it.</summary>
    public static void WritePyTorch(TrainingCheckpoint checkpoint, Stream target)
    {
        using var model = Restore(checkpoint);
        WritePyTorch(model, target);
    }

    public static void WritePyTorch(UNet model, Stream target) => model.save_py(target, leaveOpen: true);

    private static UNet Restore(TrainingCheckpoint checkpoint)
    {
        var model = UNetFactory.Create(checkpoint.Metadata.Model);
        checkpoint.Restore(model, optimizer: null);
        return model;
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
