namespace UNet3D.Lab.Web.Api;

/// <summary>A dataset's annotated slices, ordered by axis (x, y, z) then index.</summary>
public sealed record AnnotationListView(AnnotationSliceView[] Items);
