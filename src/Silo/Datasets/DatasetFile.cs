namespace UNet3D.Lab.Silo.Datasets;

/// <summary>A file to import: the name its owner gave it (shown and checked, never used as a path) and where its bytes are.</summary>
public sealed record DatasetFile(string FileName, string Path);
