namespace UNet3D.Lab.Experiments.Runs;

/// <summary>A volume an experiment measures on, and which of its voxels count.</summary>
/// <param name="Name">The dataset id, or S1–S3 for the built-in phantom.</param>
/// <param name="Tested">(Z, Y, X) voxels that enter the score: ground truth the network did not train on.</param>
/// <param name="Trained">Whether the network also learned from (other voxels of) this volume.</param>
public sealed record EvaluationSample(string Name, LabeledVolume Volume, bool[] Tested, bool Trained);
