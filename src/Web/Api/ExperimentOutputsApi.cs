using System.Text.Json;
using Microsoft.Extensions.Options;
using UNet3D.Lab.Experiments.Data.Formats;
using UNet3D.Lab.Silo;
using UNet3D.Lab.Silo.Datasets;
using UNet3D.Lab.Silo.Runs;

namespace UNet3D.Lab.Web.Api;

/// <summary>
/// What a completed run gives out: its predictions and class probabilities as NIfTI for each dataset it was measured
/// on (computed from the final checkpoint on first request, then stored with the run), predictions of other volumes
/// (<c>POST …/predict</c>), and the trained weights as safetensors or a PyTorch state dict.
/// </summary>
public static class ExperimentOutputsApi
{
    public const string VolumeField = "volume";

    public static IEndpointRouteBuilder MapExperimentOutputsApi(this IEndpointRouteBuilder routes)
    {
        var limit = routes.ServiceProvider.GetRequiredService<IOptions<LabOptions>>().Value.Datasets.MaxUploadBytes;
        var serverLimit = limit > long.MaxValue - DatasetsApi.FormOverheadBytes ? long.MaxValue : limit + DatasetsApi.FormOverheadBytes;
        var api = routes.MapGroup("/api/experiments").WithTags("Experiment outputs");
        api.MapGet("/{id}/predictions/{key}.nii.gz", (string id, string key, ExperimentClient lab, RunOutputClient outputs, HttpContext http) =>
                Prediction(id, key, probabilities: false, lab, outputs, http))
            .Describe("The run's label map of a dataset, as NIfTI (gzip)",
                "uint8 labels (argmax of the class scores) on the dataset's grid with its affine, spacing and unit; for each dataset the run was measured on "
                + "(computed from the final checkpoint on first request, then stored with the run), or the id a POST …/predict answered with.")
            .Produces<byte[]>(StatusCodes.Status200OK, DatasetVolumesApi.NiftiGzipMediaType)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet("/{id}/probabilities/{key}.nii.gz", (string id, string key, ExperimentClient lab, RunOutputClient outputs, HttpContext http) =>
                Prediction(id, key, probabilities: true, lab, outputs, http))
            .Describe("The run's class probabilities of a dataset, as NIfTI (gzip)",
                "float32, one channel per class in the 4th dimension, on the dataset's grid; available as the label map is.")
            .Produces<byte[]>(StatusCodes.Status200OK, DatasetVolumesApi.NiftiGzipMediaType)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/{id}/predict", Predict)
            .WithMetadata(new RequestSizeLimitAttribute(serverLimit))
            .WithFormOptions(multipartBodyLengthLimit: serverLimit)
            // As POST /api/datasets: the CrossSiteRequestGuard refuses other sites' browser requests; scripts post forms.
            .DisableAntiforgery()
            .Accepts<PredictRequest>("application/json", "multipart/form-data")
            .Describe("Segment a volume with the run's trained network",
                $"JSON {{\"datasetId\": …}} for a dataset of the lab, or multipart/form-data with a '{VolumeField}' file ({VolumeFormats.Extensions}; "
                + "a NIfTI file's channels in its 4th dimension and its geometry kept). Answers 201 with the prediction's id and its two downloads.")
            .Produces<PredictionCreated>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet("/{id}/weights.safetensors", (string id, ExperimentClient lab, RunOutputClient outputs, HttpContext http) => Weights(id, safetensors: true, lab, outputs, http))
            .Describe("The trained network as safetensors",
                "The final checkpoint's state dict (float32; BatchNorm's running statistics included) with the architecture in __metadata__ "
                + "(modelKind, spatialDimensions, inputChannels, classes, baseChannels, levels, batchNorm, tileInput). python/unet3d_lab/load.py rebuilds it in PyTorch.")
            .Produces<byte[]>(StatusCodes.Status200OK, "application/octet-stream")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet("/{id}/weights.pt", (string id, ExperimentClient lab, RunOutputClient outputs, HttpContext http) => Weights(id, safetensors: false, lab, outputs, http))
            .Describe("The trained network as a PyTorch state dict",
                "torch.load(path, weights_only=True) reads it; the architecture is in weights.safetensors' metadata.")
            .Produces<byte[]>(StatusCodes.Status200OK, "application/octet-stream")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return routes;
    }

    private static async Task<IResult> Prediction(string id, string key, bool probabilities, ExperimentClient lab, RunOutputClient outputs, HttpContext http)
    {
        if (await FinishedRun(id, lab) is { } problem) return problem;
        if (!IsKey(key)) return ApiProblems.NotFound($"'{key}' is not a dataset id or a prediction id.");
        if (!outputs.Outputs.Exists(id, key))
        {
            var measured = MeasuredDatasets.Of((await lab.Get(id))!);
            if (!measured.Contains(key, StringComparer.Ordinal))
                return ApiProblems.NotFound($"Experiment '{id}' was not measured on '{key}' (it was on {string.Join(", ", measured)}); POST /api/experiments/{id}/predict segments another dataset or volume.");
            try
            {
                await outputs.PredictDataset(id, key, http.RequestAborted);
            }
            catch (RunOutputException e)
            {
                return Problem(e);
            }
        }
        var path = outputs.Outputs.PathOf(id, key, probabilities);
        return TypedResults.PhysicalFile(path, DatasetVolumesApi.NiftiGzipMediaType, $"{id}-{key}-{(probabilities ? "probabilities" : "labels")}.nii.gz");
    }

    private static async Task<IResult> Predict(string id, HttpRequest http, ExperimentClient lab, RunOutputClient outputs)
    {
        if (await FinishedRun(id, lab) is { } problem) return problem;
        try
        {
            string key;
            if (http.HasFormContentType)
            {
                var form = await http.ReadFormAsync(http.HttpContext.RequestAborted);
                if (form.Files.GetFile(VolumeField) is not { } file || form.Files.Count != 1 || form.Count > 0)
                    return ApiProblems.Invalid(VolumeField, $"the form must hold exactly one file, in the field '{VolumeField}' ({VolumeFormats.Extensions}).", "Invalid prediction request");
                var name = DatasetFileNames.Check(VolumeField, file.FileName);
                var folder = Directory.CreateTempSubdirectory("unet3d-lab-predict-");
                try
                {
                    var path = Path.Combine(folder.FullName, name);
                    await using (var target = File.Create(path)) await file.CopyToAsync(target, http.HttpContext.RequestAborted);
                    key = await outputs.PredictUpload(id, path, name, http.HttpContext.RequestAborted);
                }
                finally
                {
                    folder.Delete(recursive: true);
                }
            }
            else
            {
                if (await ReadDatasetId(http) is not { } datasetId)
                    return ApiProblems.Invalid("body", "must be JSON {\"datasetId\": \"…\"} or multipart/form-data with a 'volume' file.", "Invalid prediction request");
                if (!DatasetIds.IsValid(datasetId) || await outputs.DatasetExists(datasetId) is false)
                    return ApiProblems.Invalid("datasetId", $"no dataset with id '{datasetId}'.", "Invalid prediction request");
                await outputs.PredictDataset(id, datasetId, http.HttpContext.RequestAborted);
                key = datasetId;
            }
            var created = new PredictionCreated(key, $"/api/experiments/{id}/predictions/{key}.nii.gz", $"/api/experiments/{id}/probabilities/{key}.nii.gz");
            return TypedResults.Created(created.Predictions, created);
        }
        catch (DatasetImportException e)
        {
            return ApiProblems.Invalid(e.Field, e.Message, "Invalid prediction request");
        }
        catch (RunOutputException e)
        {
            return Problem(e);
        }
    }

    private static async Task<IResult> Weights(string id, bool safetensors, ExperimentClient lab, RunOutputClient outputs, HttpContext http)
    {
        if (await FinishedRun(id, lab) is { } problem) return problem;
        try
        {
            var bytes = await outputs.Weights(id, safetensors, http.RequestAborted);
            return TypedResults.File(bytes, "application/octet-stream", $"{id}.{(safetensors ? "safetensors" : "pt")}");
        }
        catch (RunOutputException e)
        {
            return Problem(e);
        }
    }

    /// <summary>404 for an unknown run, 409 for one that has not completed; null for a completed run.</summary>
    private static async Task<IResult?> FinishedRun(string id, ExperimentClient lab)
    {
        if (await lab.Get(id) is not { } snapshot) return ApiProblems.NotFound($"No experiment with id '{id}'.");
        if (snapshot.Status == ExperimentStatus.Completed) return null;
        var status = LabJson.NameOf(snapshot.Status);
        return ApiProblems.Conflict($"Experiment '{id}' is {status}; predictions and weights come from the final checkpoint of a completed run.", $"Experiment is {status}");
    }

    private static bool IsKey(string key) => DatasetIds.IsValid(key)
        || (key.StartsWith(RunOutputs.UploadPrefix, StringComparison.Ordinal) && key.Length == RunOutputs.UploadPrefix.Length + 32
            && key.AsSpan(RunOutputs.UploadPrefix.Length).ContainsAnyExcept("0123456789abcdef") is false);

    private static async Task<string?> ReadDatasetId(HttpRequest http)
    {
        try
        {
            using var document = await JsonDocument.ParseAsync(http.Body, cancellationToken: http.HttpContext.RequestAborted);
            return document.RootElement is { ValueKind: JsonValueKind.Object } root && root.EnumerateObject().Count() == 1
                && root.TryGetProperty("datasetId", out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static IResult Problem(RunOutputException e) => e.Status switch
    {
        StatusCodes.Status400BadRequest => ApiProblems.Invalid(e.Field, e.Message, "Invalid prediction request"),
        StatusCodes.Status404NotFound => ApiProblems.NotFound(e.Message),
        _ => ApiProblems.Conflict(e.Message, "No trained network"),
    };
}
