namespace UNet3D.Lab.Experiments.Data;

/// <summary>An experiment or protocol named a dataset that does not exist.</summary>
public sealed class DatasetNotFoundException(string id)
    : KeyNotFoundException($"There is no dataset '{id}'.")
{
    public string Id { get; } = id;
}
