namespace UNet3D.Lab.Experiments.Models;

/// <summary>
/// The layers of a U-Net worked out from its configuration: parameters per layer (convolutions with bias,
/// bias-free up-convolutions, BatchNorm scale and shift) and forward FLOPs for one input tile, counting a
/// multiply-add as two operations and leaving out activations and normalisation arithmetic.
/// </summary>
public sealed class UNetSummary
{
    private UNetSummary(UNetConfig config, int[] input, int[] output, IReadOnlyList<LayerSummary> layers)
    {
        Config = config;
        Input = input;
        Output = output;
        Layers = layers;
    }

    public UNetConfig Config { get; }
    public int[] Input { get; }
    public int[] Output { get; }
    public IReadOnlyList<LayerSummary> Layers { get; }

    public long TrainableParameters => Layers.Where(l => !l.Name.Contains("bn", StringComparison.Ordinal)).Sum(l => l.Parameters);
    public long BatchNormParameters => Layers.Where(l => l.Name.Contains("bn", StringComparison.Ordinal)).Sum(l => l.Parameters);
    public double Flops => Layers.Sum(l => l.Flops);

    public static UNetSummary Describe(UNetConfig config, IReadOnlyList<int> tileInput)
    {
        config.Validate();
        var d = config.SpatialDimensions;
        if (tileInput.Count != d) throw new ArgumentException($"A {d}D network needs {d} tile sizes, got {tileInput.Count}.", nameof(tileInput));
        var output = new UNetGeometry(config.Levels).OutputShape(tileInput);
        var kernel = (long)Math.Pow(3, d);
        var layers = new List<LayerSummary>();
        var shape = tileInput.ToArray();
        var skips = new List<int[]>();

        void Convolution(string name, int inChannels, int outChannels, long kernelVolume, int shrink)
        {
            shape = shape.Select(s => s - shrink).ToArray();
            layers.Add(new LayerSummary(name, inChannels, outChannels, shape, inChannels * outChannels * kernelVolume + outChannels,
                2.0 * inChannels * outChannels * kernelVolume * Voxels(shape)));
            if (config.BatchNorm && kernelVolume > 1)
                layers.Add(new LayerSummary(name.Replace("conv", "bn", StringComparison.Ordinal), outChannels, outChannels, shape, 2L * outChannels, 0));
        }

        for (var level = 0; level < config.Levels; level++)
        {
            var inChannels = level == 0 ? config.InputChannels : config.AnalysisChannels(level - 1);
            var middle = config.BaseChannels << level;
            Convolution($"analysis{level}.conv1", inChannels, middle, kernel, 2);
            Convolution($"analysis{level}.conv2", middle, config.AnalysisChannels(level), kernel, 2);
            if (level == config.Levels - 1) break;
            skips.Add(shape);
            shape = shape.Select(s => s / 2).ToArray();
            layers.Add(new LayerSummary($"analysis{level}.pool", config.AnalysisChannels(level), config.AnalysisChannels(level), shape, 0, 0));
        }
        for (var level = config.Levels - 2; level >= 0; level--)
        {
            var fromBelow = config.AnalysisChannels(level + 1);
            var channels = config.AnalysisChannels(level);
            var inputVoxels = Voxels(shape);
            var upVolume = 1L << d;
            shape = shape.Select(s => s * 2).ToArray();
            layers.Add(new LayerSummary($"synthesis{level}.upconv", fromBelow, fromBelow, shape, (long)fromBelow * fromBelow * upVolume,
                2.0 * fromBelow * fromBelow * upVolume * inputVoxels));
            Convolution($"synthesis{level}.conv1", channels + fromBelow, channels, kernel, 2);
            Convolution($"synthesis{level}.conv2", channels, channels, kernel, 2);
        }
        Convolution("head.conv", config.AnalysisChannels(0), config.Classes, 1, 0);
        return new UNetSummary(config, tileInput.ToArray(), output, layers);
    }

    private static double Voxels(int[] shape) => shape.Aggregate(1.0, (product, s) => product * s);
}
