namespace UNet3D.Lab.Silo.Datasets.Annotations;

/// <summary>The classes a dataset's annotations may use, in label order: pixel value i of a slice is class i.</summary>
public static class AnnotationClasses
{
    /// <summary>The value of a slice's pixel that nobody annotated.</summary>
    public const byte NotAnnotated = 255;

    /// <summary>The one place annotations learn a dataset's classes (their count is the number of valid pixel values).</summary>
    public static IReadOnlyList<string> Of(DatasetInfo info) =>
        info.LabelSet.Names;
}
