using System.Globalization;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using UNet3D.Lab.Silo;
using UNet3D.Lab.Silo.Datasets;

namespace UNet3D.Lab.Web.Api;

/// <summary>
/// <c>/api/datasets</c>: import a volume (multipart/form-data: <c>image</c> file, optional <c>labels</c> file,
/// <c>name</c>, <c>labelKind</c>, <c>unlabeledValue</c>), list and show datasets, and their middle-slice thumbnails.
/// </summary>
public static class DatasetsApi
{
    /// <summary>
    /// Room above <c>Lab:Datasets:MaxUploadBytes</c> in the server's own limits (the request body, each form part):
    /// the multipart framing and text fields, and enough that a file crossing the lab's limit reaches the handler,
    /// which counts file bytes exactly and names the field and file. A body larger still is cut off by the server (413).
    /// </summary>
    public const long FormOverheadBytes = 1 << 20;

    private const string FormMediaType = "multipart/form-data";

    public static IEndpointRouteBuilder MapDatasetsApi(this IEndpointRouteBuilder routes)
    {
        var limit = routes.ServiceProvider.GetRequiredService<IOptions<LabOptions>>().Value.Datasets.MaxUploadBytes;
        var serverLimit = limit > long.MaxValue - FormOverheadBytes ? long.MaxValue : limit + FormOverheadBytes;
        var api = routes.MapGroup("/api/datasets").WithTags("Datasets");
        api.MapPost("/", Import)
            .Accepts<DatasetUploadForm>(FormMediaType)
            .WithMetadata(new RequestSizeLimitAttribute(serverLimit))
            .WithFormOptions(multipartBodyLengthLimit: serverLimit)
            // Browsers send forms across sites without asking first; the lab's CrossSiteRequestGuard refuses every
            // state-changing request a browser sends on behalf of another site, so an antiforgery token would only
            // shut out the scripts (curl, Python) this endpoint is for.
            .DisableAntiforgery()
            .Describe("Import a volume and its labels",
                "multipart/form-data: an image file (NIfTI, TIFF stack or HDF5), optionally a labels file, and the fields name, labelKind (dense, sparse) and unlabeledValue.");
        // Any other body: routing picks this endpoint for content types the form endpoint does not accept.
        api.MapPost("/", NotAForm).ExcludeFromDescription();
        api.MapGet("/", List).Describe("Every dataset: built-in samples first, then imports, newest first");
        api.MapGet("/{id}", Get).Describe("A dataset: shape, channels, spacing, labels, statistics and its source files");
        api.MapGet("/{id}/thumbnail/{axis}.png", (string id, string axis, DatasetClient datasets) => Thumbnail(id, axis, labels: false, datasets))
            .Describe("The image's middle slice along an axis (x, y or z), as PNG").Produces<byte[]>(StatusCodes.Status200OK, "image/png");
        api.MapGet("/{id}/labels/{axis}.png", (string id, string axis, DatasetClient datasets) => Thumbnail(id, axis, labels: true, datasets))
            .Describe("The labels' middle slice along an axis (x, y or z), as translucent PNG").Produces<byte[]>(StatusCodes.Status200OK, "image/png");
        return routes;
    }

    private static async Task<Results<Created<DatasetView>, ValidationProblem, ProblemHttpResult>> Import(
        [AsParameters] DatasetUploadForm form, HttpRequest http, DatasetClient datasets)
    {
        var limit = datasets.MaxUploadBytes;
        if (http.ContentLength is { } length && length > limit)
            return TooLarge(null, $"{UploadTooLargeException.Describe(limit, null, null)} The request body is {length.ToString(CultureInfo.InvariantCulture)} bytes.");
        if (DatasetUploadForm.ProblemOf(http.Form) is { } problem) return Invalid(problem.Field, problem.Message);

        await using var upload = datasets.BeginUpload();
        try
        {
            foreach (var (field, file) in form.Files())
            {
                await using var content = file.OpenReadStream();
                await upload.Send(field, file.FileName, content, http.HttpContext.RequestAborted);
            }
            var info = await upload.Import(form.Name, form.LabelKind, form.UnlabeledValue, form.Classes);
            return TypedResults.Created($"/api/datasets/{info.Id}", DatasetView.From(info, http));
        }
        catch (UploadTooLargeException e)
        {
            return TooLarge(e.Field, e.Message);
        }
        catch (DatasetImportException e)
        {
            return Invalid(e.Field, e.Message);
        }
    }

    private static ValidationProblem NotAForm() =>
        Invalid("body", $"must be {FormMediaType} with an 'image' file, optionally a 'labels' file, and the fields name, labelKind, unlabeledValue, classes.");

    private static async Task<Ok<DatasetView[]>> List(HttpRequest http, DatasetClient datasets) =>
        TypedResults.Ok((await datasets.List()).Select(d => DatasetView.From(d, http)).ToArray());

    private static async Task<Results<Ok<DatasetView>, NotFound<ProblemDetails>>> Get(string id, HttpRequest http, DatasetClient datasets) =>
        await datasets.Find(id) is { } info ? TypedResults.Ok(DatasetView.From(info, http)) : NotFound(id);

    private static async Task<Results<FileContentHttpResult, NotFound<ProblemDetails>>> Thumbnail(string id, string axis, bool labels, DatasetClient datasets)
    {
        VolumeAxis? parsed = axis.ToLowerInvariant() switch { "x" => VolumeAxis.X, "y" => VolumeAxis.Y, "z" => VolumeAxis.Z, _ => null };
        if (parsed is not { } volumeAxis) return ApiProblems.NotFound($"'{axis}' is not an axis: x, y or z.");
        var info = await datasets.Find(id);
        if (info is null) return NotFound(id);
        if (!info.IsReady) return ApiProblems.NotFound($"Dataset '{id}' is built in and has not been generated yet; it is on first use.");
        if (await datasets.Thumbnail(id, volumeAxis, labels) is not { } png) return ApiProblems.NotFound($"Dataset '{id}' has no labels.");
        // Ids are never reused and a dataset never changes: the browser may keep it.
        return TypedResults.File(png, "image/png", lastModified: info.CreatedAt,
            entityTag: new EntityTagHeaderValue($"\"{info.Sha256}-{axis}{(labels ? "-labels" : "")}\""));
    }

    private static NotFound<ProblemDetails> NotFound(string id) => ApiProblems.NotFound($"No dataset with id '{id}'.");

    private static ValidationProblem Invalid(string field, string message) => ApiProblems.Invalid(field, message, "Invalid dataset");

    private static ProblemHttpResult TooLarge(string? field, string message) =>
        TypedResults.Problem(new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field ?? "body"] = [message] })
        {
            Title = "Upload too large",
            Detail = message,
            Status = StatusCodes.Status413PayloadTooLarge,
        });
}
