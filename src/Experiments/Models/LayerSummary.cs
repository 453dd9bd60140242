namespace UNet3D.Lab.Experiments.Models;

/// <summary>One layer of a U-Net for a given input tile: shapes are spatial, in tensor order (Z, Y, X) or (Y, X).</summary>
public sealed record LayerSummary(string Name, int InChannels, int OutChannels, int[] OutputShape, long Parameters, double Flops);
