using UNet3D.Lab.Silo.Runs;

namespace UNet3D.Lab.Web.Api;

/// <summary>
/// The annotate-train-correct loop: "Train on my slices" starts a 3D experiment on every labelled voxel of a dataset
/// (imported labels and slices annotated in the browser); "Correct and retrain" starts a new run of the same
/// configuration, on the dataset's annotations as they are now, from the weights of the previous run's final checkpoint.
/// Each round is a run of its own, in the runs table and the compare view like any other.
/// </summary>
public static class AnnotationTrainingApi
{
    public static IEndpointRouteBuilder MapAnnotationTrainingApi(this IEndpointRouteBuilder routes)
    {
        // In groups like every other endpoint: the reference lists tags in the order their groups were mapped.
        routes.MapGroup("/api/datasets").WithTags("Datasets").MapPost("/{id}/train", Train).AcceptsJson<TrainOnSlicesRequest>()
            .Describe("Train on my slices",
                "JSON {\"preset\": \"smoke|cpu|paper\", \"name\"?: …, \"iterations\"?: …}. Starts a 3D U-Net (with BatchNorm) on every labelled voxel of the dataset: "
                + "its imported labels with the annotated slices written over them (trainOnAllLabels). Nothing of the dataset is held out, so its scores are empty; "
                + "the prediction is GET /api/experiments/{runId}/predictions/{id}.nii.gz once it completes. Answers 201 like POST /api/experiments; "
                + "400 naming the problem when the dataset has no labelled voxel or a field is wrong.")
            .Produces<ExperimentCreated>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        routes.MapGroup("/api/experiments").WithTags("Experiments").MapPost("/{id}/retrain", Retrain).AcceptsJson<RetrainRequest>()
            .Describe("Correct and retrain",
                "JSON {} or {\"iterations\": …}. Starts a new experiment with the same configuration and startFrom = this run: the network starts from "
                + "the weights of its final checkpoint and trains on its datasets' labels and annotations as they are now. Answers 201 like POST /api/experiments; "
                + "400 when this run has no final checkpoint.")
            .Produces<ExperimentCreated>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return routes;
    }

    private static async Task<Results<Created<ExperimentCreated>, ValidationProblem, NotFound<ProblemDetails>>> Train(
        string id, HttpRequest http, ExperimentClient lab, DatasetClient datasets, RunLengthLimit limit)
    {
        var (request, problems) = await StrictJson.ReadAsync<TrainOnSlicesRequest>(http.Body, http.HttpContext.RequestAborted);
        if (request is null) return ApiProblems.Invalid(problems, "Invalid training request");
        if (await datasets.Find(id) is not { } info) return ApiProblems.NotFound($"No dataset with id '{id}'.");
        var spec = new ExperimentSpec
        {
            Name = request.Name ?? $"{info.Name}: my slices",
            Model = ModelKind.ThreeD,
            Preset = request.Preset,
            Iterations = request.Iterations,
            Datasets = [new DatasetSelection(id)],
            TrainOnAllLabels = true,
        };
        problems = [.. spec.Problems(), .. await ExperimentDatasetProblems.Of(spec, datasets)];
        if (!info.HasTrainingLabels)
            problems = [.. problems.Where(p => p.Field != "datasets"), new SpecProblem("id", $"dataset '{id}' has no labelled voxel yet: annotate a slice (PUT /api/datasets/{id}/annotations/{{axis}}/{{index}}) first.")];
        return await Start(spec, problems, http, lab, limit);
    }

    private static async Task<Results<Created<ExperimentCreated>, ValidationProblem, NotFound<ProblemDetails>>> Retrain(
        string id, HttpRequest http, ExperimentClient lab, DatasetClient datasets, RunOutputClient outputs, RunLengthLimit limit)
    {
        var (request, problems) = await StrictJson.ReadAsync<RetrainRequest>(http.Body, http.HttpContext.RequestAborted);
        if (request is null) return ApiProblems.Invalid(problems, "Invalid retraining request");
        if (await lab.Get(id) is not { } previous) return ApiProblems.NotFound($"No experiment with id '{id}'.");
        if (await outputs.CheckpointProblem(id, http.HttpContext.RequestAborted) is { } missing)
            return ApiProblems.Invalid("id", missing, "Invalid retraining request");
        var spec = previous.Config with { StartFrom = id, Iterations = request.Iterations ?? previous.Config.Iterations };
        problems = [.. spec.Problems(), .. await ExperimentDatasetProblems.Of(spec, datasets)];
        return await Start(spec, problems, http, lab, limit);
    }

    private static async Task<Results<Created<ExperimentCreated>, ValidationProblem, NotFound<ProblemDetails>>> Start(
        ExperimentSpec spec, IReadOnlyList<SpecProblem> problems, HttpRequest http, ExperimentClient lab, RunLengthLimit limit)
    {
        if (problems.Count > 0) return ApiProblems.Invalid(problems, "Invalid experiment");
        if (await limit.Check([spec]) is { } tooLong) return ApiProblems.Invalid([tooLong], "Experiment too long for this lab");
        var snapshot = await lab.Create(spec);
        var url = ExperimentsApi.PageUrl(http, snapshot.Id);
        return TypedResults.Created($"/api/experiments/{snapshot.Id}", new ExperimentCreated(snapshot.Id, url, "queued"));
    }
}
