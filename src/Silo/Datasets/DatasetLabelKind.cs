namespace UNet3D.Lab.Silo.Datasets;

/// <summary>What a dataset's label volume holds.</summary>
public enum DatasetLabelKind
{
    /// <summary>No labels: the dataset can be segmented, not trained or measured on.</summary>
    None,

    /// <summary>Every voxel is 0 (inside tubule), 1 (tubule) or 2 (background).</summary>
    Dense,

    /// <summary>Some voxels are labelled 0, 1 or 2; the rest carry the dataset's unlabeled value.</summary>
    Sparse,
}
