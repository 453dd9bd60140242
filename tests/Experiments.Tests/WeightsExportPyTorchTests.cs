using System.Runtime.InteropServices;
using UNet3D.Lab.Experiments.Export;
using UNet3D.Lab.Experiments.Models;
using UNet3D.Lab.Experiments.Presets;
using UNet3D.Lab.Tests.Shared;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace UNet3D.Lab.Experiments.Tests;

/// <summary>
/// The exported weights rebuilt in PyTorch (python/unet3d_lab/load.py, Debian's python3-torch) give the lab's logits:
/// the cpu preset's 3D network, with and without BatchNorm, from safetensors and from the PyTorch state dict.
/// </summary>
public sealed class WeightsExportPyTorchTests(ITestOutputHelper output) : IDisposable
{
    private static readonly string Script = Path.Combine(AppContext.BaseDirectory, "Fixtures", "pytorch", "compare_logits.py");
    private static readonly string PythonDirectory = Path.Combine(AppContext.BaseDirectory, "python");
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("unet3d-weights-");

    public void Dispose() => folder.Delete(recursive: true);

    [PythonModulesTheory("torch", "numpy")]
    [InlineData(true)]
    [InlineData(false)]
    public void PyTorch_gives_the_lab_s_logits_for_the_cpu_preset_network(bool batchNorm)
    {
        var preset = ExperimentPresets.Get("cpu");
        var config = new UNetConfig(3, 1, 3, preset.BaseChannels, preset.Levels, batchNorm);
        using var scope = NewDisposeScope();
        using var model = UNetFactory.Create(config);
        WeightInitialisation.Apply(model, seed: 5);
        var generator = new Generator().manual_seed(11);
        if (batchNorm)
        {
            // Running statistics away from their initial 0 and 1, as after training, so eval mode is tested for real.
            model.train();
            using (no_grad())
                for (var i = 0; i < 3; i++) model.forward(randn([1, 1, 36, 36, 36], generator: generator) * 2 + 0.5);
        }
        model.eval();
        var input = randn([1, 1, 36, 36, 36], generator: generator);
        float[] logits;
        using (no_grad()) logits = model.forward(input).contiguous().data<float>().ToArray();

        var safetensors = Path.Combine(folder.FullName, "weights.safetensors");
        var pt = Path.Combine(folder.FullName, "weights.pt");
        using (var file = File.Create(safetensors)) WeightsExport.WriteSafetensors(model, WeightsExport.Metadata(config, [36, 36, 36], step: 0), file);
        using (var file = File.Create(pt)) WeightsExport.WritePyTorch(model, file);
        var inputPath = Path.Combine(folder.FullName, "input.f32");
        var logitsPath = Path.Combine(folder.FullName, "logits.f32");
        File.WriteAllBytes(inputPath, MemoryMarshal.AsBytes(input.data<float>().ToArray().AsSpan()).ToArray());
        File.WriteAllBytes(logitsPath, MemoryMarshal.AsBytes(logits.AsSpan()).ToArray());

        var result = PythonTool.RunJson(Script, PythonDirectory, safetensors, pt, inputPath, logitsPath, "1", "1", "36", "36", "36");
        Assert.Equal(batchNorm ? "true" : "false", result.GetProperty("metadata").GetProperty("batchNorm").GetString());
        Assert.Equal([1, 3, 20, 20, 20], result.GetProperty("shape").EnumerateArray().Select(v => v.GetInt32()));
        foreach (var format in new[] { "safetensors", "pt" })
        {
            var comparison = result.GetProperty(format);
            var difference = comparison.GetProperty("maxAbsDifference").GetDouble();
            var magnitude = comparison.GetProperty("maxAbsLogit").GetDouble();
            output.WriteLine($"batchNorm={batchNorm} {format}: max |difference| {difference:G3}, max |logit| {magnitude:G3}");
            Assert.True(magnitude > 0.01, $"{format}: the lab's logits are all near 0 ({magnitude}); the comparison would prove nothing");
            Assert.True(difference <= 1e-4 * magnitude, $"{format}: PyTorch differs from the lab by {difference} (largest |logit| {magnitude})");
        }
    }
}
