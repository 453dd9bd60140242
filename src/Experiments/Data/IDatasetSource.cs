namespace UNet3D.Lab.Experiments.Data;

/// <summary>Where an experiment's volumes come from: the lab's stored datasets, or the built-in phantom alone.</summary>
public interface IDatasetSource
{
    /// <summary>The volume stored under <paramref name="id"/>; throws <see cref="DatasetNotFoundException"/> if none is.</summary>
    LabeledVolume Load(string id);
}
