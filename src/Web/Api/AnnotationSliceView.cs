using UNet3D.Lab.Silo.Datasets.Annotations;

namespace UNet3D.Lab.Web.Api;

/// <summary>An annotated slice as the API shows it: axis (x, y, z), index, annotated voxels in all and per class (label order), and when it was saved.</summary>
public sealed record AnnotationSliceView(string Axis, int Index, long AnnotatedVoxels, long[] ClassVoxels, DateTimeOffset UpdatedAt)
{
    public static AnnotationSliceView From(AnnotationSummary slice) =>
        new(AnnotationPlane.NameOf(slice.Axis), slice.Index, slice.AnnotatedVoxels, slice.ClassVoxels, slice.UpdatedAt);
}
