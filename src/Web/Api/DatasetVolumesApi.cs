namespace UNet3D.Lab.Web.Api;

/// <summary>
/// <c>/api/datasets/{id}/image.nii.gz</c> and <c>labels.nii.gz</c>: a dataset's voxels as NIfTI-1 with the source's
/// affine, spacing and units, for stored and built-in datasets.
/// </summary>
public static class DatasetVolumesApi
{
    public const string NiftiGzipMediaType = "application/gzip";

    public static IEndpointRouteBuilder MapDatasetVolumesApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/datasets").WithTags("Datasets");
        api.MapGet("/{id}/image.nii.gz", (string id, RunOutputClient outputs, HttpContext http) => Volume(id, labels: false, outputs, http))
            .Describe("The dataset's image as NIfTI (gzip)",
                "float32, channels in the 4th dimension, with the source's affine (sform and qform), spacing (pixdim) and unit (xyzt_units).")
            .Produces<byte[]>(StatusCodes.Status200OK, NiftiGzipMediaType);
        api.MapGet("/{id}/labels.nii.gz", (string id, RunOutputClient outputs, HttpContext http) => Volume(id, labels: true, outputs, http))
            .Describe("The dataset's labels as NIfTI (gzip)",
                "0 inside tubule, 1 tubule, 2 background, and for sparse labels the dataset's unlabeled value where nobody annotated; "
                + "the image's geometry. 404 when the dataset has no labels.")
            .Produces<byte[]>(StatusCodes.Status200OK, NiftiGzipMediaType);
        return routes;
    }

    private static async Task<Results<FileStreamHttpResult, NotFound<ProblemDetails>>> Volume(string id, bool labels, RunOutputClient outputs, HttpContext http)
    {
        var stream = await outputs.DatasetVolume(id, labels, http.RequestAborted);
        if (stream is not null) return TypedResults.File(stream, NiftiGzipMediaType, $"{id}-{(labels ? "labels" : "image")}.nii.gz");
        return ApiProblems.NotFound(await outputs.DatasetExists(id)
            ? $"Dataset '{id}' has no labels; import it with a labels file to download them."
            : $"No dataset with id '{id}'.");
    }
}
