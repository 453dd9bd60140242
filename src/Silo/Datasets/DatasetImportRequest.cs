namespace UNet3D.Lab.Silo.Datasets;

/// <summary>
/// What an import asks for, as the API form or the command line gave it: the text fields unparsed, so that one place
/// (<see cref="DatasetImporter"/>) checks them and names the field at fault.
/// </summary>
public sealed record DatasetImportRequest
{
    /// <summary>Shown name; the image's file name without extension when absent.</summary>
    public string? Name { get; init; }

    public DatasetFile? Image { get; init; }

    public DatasetFile? Labels { get; init; }

    /// <summary>"dense" or "sparse" (or "none" without labels); dense when labels are given and this is absent.</summary>
    public string? LabelKind { get; init; }

    /// <summary>For sparse labels: the label value of voxels nobody annotated (an integer that is no class label); 3 when absent (255 for more than three classes).</summary>
    public string? UnlabeledValue { get; init; }

    /// <summary>The class names in label order, as a JSON list of 2–16 names; the paper's three when absent.</summary>
    public string? Classes { get; init; }
}
