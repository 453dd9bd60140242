using System.Globalization;
using Microsoft.Net.Http.Headers;
using UNet3D.Lab.Silo.Datasets.Annotations;

namespace UNet3D.Lab.Web.Api;

/// <summary>
/// <c>/api/datasets/{id}/annotations</c>: slices annotated in the browser, each an 8-bit grayscale PNG of the slice in
/// the NIfTI index space of <c>image.nii.gz</c> (<see cref="AnnotationPlane"/>), pixel value = class index, 255 = not
/// annotated. Training and <c>labels.nii.gz</c> see them written over the dataset's imported labels.
/// </summary>
public static class DatasetAnnotationsApi
{
    public const string PngMediaType = "image/png";

    /// <summary>Far above any slice the lab stores (a 4096 × 4096 slice is 16 MiB raw, much less as PNG).</summary>
    public const long MaxPngBytes = 32L << 20;

    private const string SliceDescription =
        "axis x, y or z; index from 0. The PNG is 8-bit grayscale (colour type 0, bit depth 8): along z X wide and Y high, pixel (column, row) = voxel "
        + "(column, row, index); along y X × Z, voxel (column, index, row); along x Y × Z, voxel (index, column, row), in the index space of image.nii.gz. "
        + "Pixel value = class index, 255 = not annotated.";

    public static IEndpointRouteBuilder MapDatasetAnnotationsApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/datasets").WithTags("Datasets");
        api.MapGet("/{id}/annotations", List)
            .Describe("The dataset's annotated slices",
                "Ordered by axis then index; each with its annotated voxels in all and per class (label order) and when it was saved.");
        api.MapPut("/{id}/annotations/{axis}/{index}", Put)
            .Accepts<byte[]>(PngMediaType)
            .WithMetadata(new RequestSizeLimitAttribute(MaxPngBytes))
            .Describe("Save an annotated slice",
                SliceDescription + " Replaces what the slice held; a slice without an annotated pixel is stored as such (GET /annotations lists it with 0 voxels). "
                + "Answers with the slice's summary. A wrong content type, a file that is not such a PNG, the wrong size, a value that is not a class, "
                + "an axis or index outside the volume get a 400 problem document naming each problem, and nothing is stored.")
            .Produces<AnnotationSliceView>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        // Any other body: routing picks this endpoint for content types the one above does not accept.
        api.MapPut("/{id}/annotations/{axis}/{index}", Put).ExcludeFromDescription();
        api.MapGet("/{id}/annotations/{axis}/{index}", Get)
            .Describe("An annotated slice as PNG", SliceDescription + " 404 when the slice is not annotated.")
            .Produces<byte[]>(StatusCodes.Status200OK, PngMediaType);
        api.MapDelete("/{id}/annotations/{axis}/{index}", Delete)
            .Describe("Remove a slice's annotation", "204 when removed; 404 when the slice was not annotated. Needs editor rights, as saving does.");
        return routes;
    }

    /// <summary>A path of one annotated slice: editors may delete it (deleting anything else needs an admin).</summary>
    public static bool IsSlicePath(PathString path)
    {
        var segments = (path.Value ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments is ["api", "datasets", _, "annotations", _, _];
    }

    private static async Task<Results<Ok<AnnotationListView>, NotFound<ProblemDetails>>> List(string id, DatasetClient datasets) =>
        await datasets.Annotations(id) is { } slices
            ? TypedResults.Ok(new AnnotationListView([.. slices.Select(AnnotationSliceView.From)]))
            : NotFound(id);

    private static async Task<Results<Ok<AnnotationSliceView>, ValidationProblem, NotFound<ProblemDetails>>> Put(
        string id, string axis, string index, HttpRequest http, DatasetClient datasets)
    {
        var (slice, problems) = ParseSlice(axis, index);
        if (!MediaTypeHeaderValue.TryParse(http.ContentType, out var type) || !type.MediaType.Equals(PngMediaType, StringComparison.OrdinalIgnoreCase))
            problems.Add(new SpecProblem("content-type", $"must be {PngMediaType}, not '{http.ContentType ?? "(none)"}'."));
        if (problems.Count > 0) return Invalid(problems);

        using var body = new MemoryStream();
        await http.Body.CopyToAsync(body, http.HttpContext.RequestAborted);
        var outcome = await datasets.PutAnnotation(id, slice!.Value.Axis, slice.Value.Index, body.ToArray());
        if (outcome.DatasetMissing) return NotFound(id);
        if (outcome.Problems.Length > 0) return Invalid([.. outcome.Problems.Select(p => new SpecProblem(p.Field, p.Message))]);
        return TypedResults.Ok(AnnotationSliceView.From(outcome.Slice!));
    }

    private static async Task<Results<FileContentHttpResult, ValidationProblem, NotFound<ProblemDetails>>> Get(string id, string axis, string index, DatasetClient datasets)
    {
        var (slice, problems) = ParseSlice(axis, index);
        if (problems.Count > 0) return Invalid(problems);
        if (await datasets.AnnotationPng(id, slice!.Value.Axis, slice.Value.Index) is { } png) return TypedResults.File(png, PngMediaType);
        return await datasets.Find(id) is null ? NotFound(id) : ApiProblems.NotFound($"Dataset '{id}' has no annotation on slice {axis.ToLowerInvariant()}={index}.");
    }

    private static async Task<Results<NoContent, ValidationProblem, NotFound<ProblemDetails>>> Delete(string id, string axis, string index, DatasetClient datasets)
    {
        var (slice, problems) = ParseSlice(axis, index);
        if (problems.Count > 0) return Invalid(problems);
        return await datasets.DeleteAnnotation(id, slice!.Value.Axis, slice.Value.Index) switch
        {
            true => TypedResults.NoContent(),
            false => ApiProblems.NotFound($"Dataset '{id}' has no annotation on slice {axis.ToLowerInvariant()}={index}."),
            null => NotFound(id),
        };
    }

    private static ((VolumeAxis Axis, int Index)? Slice, List<SpecProblem> Problems) ParseSlice(string axis, string index)
    {
        var problems = new List<SpecProblem>();
        var parsedAxis = AnnotationPlane.ParseAxis(axis);
        if (parsedAxis is null) problems.Add(new SpecProblem("axis", $"must be x, y or z, not '{axis}'."));
        if (!int.TryParse(index, NumberStyles.None, CultureInfo.InvariantCulture, out var parsedIndex))
            problems.Add(new SpecProblem("index", $"must be a slice number from 0, not '{index}'."));
        return (problems.Count == 0 ? (parsedAxis!.Value, parsedIndex) : null, problems);
    }

    private static ValidationProblem Invalid(IReadOnlyList<SpecProblem> problems) => ApiProblems.Invalid(problems, "Invalid annotation");

    private static NotFound<ProblemDetails> NotFound(string id) => ApiProblems.NotFound($"No dataset with id '{id}'.");
}
