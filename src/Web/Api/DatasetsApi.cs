using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using UNet3D.Lab.Experiments.Data;
using UNet3D.Lab.Silo.Datasets;
using UNet3D.Lab.Web.Services;

namespace UNet3D.Lab.Web.Api;

/// <summary>
/// <c>/api/datasets</c>: import a volume (multipart/form-data: <c>image</c> file, optional <c>labels</c> file,
/// <c>name</c>, <c>labelKind</c>, <c>unlabeledValue</c>), list and show datasets, and their middle-slice thumbnails.
/// </summary>
public static class DatasetsApi
{
    public const string NameField = "name", LabelKindField = "labelKind", UnlabeledValueField = "unlabeledValue";

    private const int MaxTextFieldLength = 4096;
    private static readonly string[] TextFields = [NameField, LabelKindField, UnlabeledValueField];

    public static IEndpointRouteBuilder MapDatasetsApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/datasets");
        api.MapPost("/", Import);
        api.MapGet("/", List);
        api.MapGet("/{id}", Get);
        api.MapGet("/{id}/thumbnail/{axis}.png", (string id, string axis, DatasetClient datasets) => Thumbnail(id, axis, labels: false, datasets));
        api.MapGet("/{id}/labels/{axis}.png", (string id, string axis, DatasetClient datasets) => Thumbnail(id, axis, labels: true, datasets));
        return routes;
    }

    private static async Task<IResult> Import(HttpContext http, DatasetClient datasets)
    {
        var limit = datasets.MaxUploadBytes;
        // Kestrel's own limit (30 MB by default) becomes the lab's for this endpoint; it stops a body that grows past it.
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize) bodySize.MaxRequestBodySize = limit;
        if (http.Request.ContentLength is { } length && length > limit)
            return TooLarge(null, $"{UploadTooLargeException.Describe(limit, null, null)} The request body is {length.ToString(CultureInfo.InvariantCulture)} bytes.");
        if (!MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var contentType)
            || !contentType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(contentType.Boundary) is not { Length: > 0 } boundary)
            return Invalid("body", "must be multipart/form-data with an 'image' file, optionally a 'labels' file, and the fields name, labelKind, unlabeledValue.");

        var cancellation = http.RequestAborted;
        using var upload = datasets.BeginUpload();
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        string? field = null, fileName = null;
        try
        {
            var reader = new MultipartReader(boundary.ToString(), http.Request.Body) { BodyLengthLimit = limit };
            while (await reader.ReadNextSectionAsync(cancellation) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                    || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase))
                    return Invalid("body", "every part needs a Content-Disposition: form-data header with the field's name.");
                field = HeaderUtilities.RemoveQuotes(disposition.Name).ToString();
                if (disposition.IsFileDisposition())
                {
                    fileName = FileNameOf(disposition);
                    await upload.SaveAsync(field, fileName, section.Body, cancellation);
                    continue;
                }
                fileName = null;
                if (field is DatasetUpload.ImageField or DatasetUpload.LabelsField)
                    return Invalid(field, $"must be a file (a part with a filename), not a text field.");
                if (!TextFields.Contains(field))
                    return Invalid(field, $"'{field}' is not a field of a dataset import; the fields are image, labels, {string.Join(", ", TextFields)}.");
                if (fields.ContainsKey(field)) return Invalid(field, $"{field} was given twice.");
                var text = await ReadText(section.Body, cancellation);
                if (text is null) return Invalid(field, $"{field} is longer than {MaxTextFieldLength} characters.");
                fields[field] = text;
            }
        }
        catch (UploadTooLargeException e)
        {
            return TooLarge(e.Field, e.Message);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge(field, UploadTooLargeException.Describe(limit, field, fileName));
        }
        catch (DatasetImportException e)
        {
            return Invalid(e.Field, e.Message);
        }
        catch (InvalidDataException e)
        {
            // MultipartReader's complaints: a malformed body, or a part longer than the limit.
            return e.Message.Contains("length limit", StringComparison.OrdinalIgnoreCase)
                ? TooLarge(field, UploadTooLargeException.Describe(limit, field, fileName))
                : Invalid(field ?? "body", $"the multipart body is malformed: {e.Message}");
        }

        try
        {
            var info = await datasets.Import(upload, fields.GetValueOrDefault(NameField), fields.GetValueOrDefault(LabelKindField),
                fields.GetValueOrDefault(UnlabeledValueField), cancellation);
            return Results.Created($"/api/datasets/{info.Id}", DatasetView.From(info, http.Request));
        }
        catch (DatasetImportException e)
        {
            return Invalid(e.Field, e.Message);
        }
    }

    private static IResult List(HttpRequest http, DatasetClient datasets) =>
        Results.Ok(datasets.List().Select(d => DatasetView.From(d, http)));

    private static IResult Get(string id, HttpRequest http, DatasetClient datasets) =>
        datasets.Find(id) is { } info ? Results.Ok(DatasetView.From(info, http)) : NotFound($"No dataset with id '{id}'.");

    private static IResult Thumbnail(string id, string axis, bool labels, DatasetClient datasets)
    {
        VolumeAxis? parsed = axis.ToLowerInvariant() switch { "x" => VolumeAxis.X, "y" => VolumeAxis.Y, "z" => VolumeAxis.Z, _ => null };
        if (parsed is not { } volumeAxis) return NotFound($"'{axis}' is not an axis: x, y or z.");
        var info = datasets.Find(id);
        if (info is null) return NotFound($"No dataset with id '{id}'.");
        if (!info.IsReady) return NotFound($"Dataset '{id}' is built in and has not been generated yet; it is on first use.");
        if (datasets.Thumbnail(id, volumeAxis, labels) is not { } png) return NotFound($"Dataset '{id}' has no labels.");
        // Ids are never reused and a dataset never changes: the browser may keep it.
        return Results.File(png, "image/png", lastModified: info.CreatedAt, entityTag: new EntityTagHeaderValue($"\"{info.Sha256}-{axis}{(labels ? "-labels" : "")}\""));
    }

    private static string? FileNameOf(ContentDispositionHeaderValue disposition)
    {
        var star = disposition.FileNameStar;
        if (star.HasValue && star.Length > 0) return star.ToString();
        return disposition.FileName.HasValue ? HeaderUtilities.UnescapeAsQuotedString(disposition.FileName).ToString() : null;
    }

    /// <summary>A text field, or null when it is longer than <see cref="MaxTextFieldLength"/> (never read further).</summary>
    private static async Task<string?> ReadText(Stream body, CancellationToken cancellation)
    {
        using var reader = new StreamReader(body, Encoding.UTF8);
        var buffer = new char[MaxTextFieldLength + 1];
        var read = 0;
        int count;
        while (read < buffer.Length && (count = await reader.ReadAsync(buffer.AsMemory(read), cancellation)) > 0) read += count;
        return read > MaxTextFieldLength ? null : new string(buffer, 0, read);
    }

    private static IResult NotFound(string message) => Results.NotFound(new { error = message });

    private static IResult Invalid(string field, string message) =>
        Results.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, detail: $"{field}: {message}", title: "Invalid dataset");

    private static IResult TooLarge(string? field, string message) =>
        Results.ValidationProblem(new Dictionary<string, string[]> { [field ?? "body"] = [message] }, detail: message,
            title: "Upload too large", statusCode: StatusCodes.Status413PayloadTooLarge);
}
