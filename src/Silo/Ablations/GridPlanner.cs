using System.Text.Json;
using System.Text.Json.Nodes;

namespace UNet3D.Lab.Silo.Ablations;

/// <summary>
/// Checks a grid and expands it into cells: every combination of the axes' values, in the order given (the last axis
/// varies fastest), each written over the base and read as an experiment exactly as the API reads one, so any field of
/// an experiment can be an axis and every problem names where it came from (<c>axes.batchNorm</c>, <c>base.preset</c>).
/// </summary>
public static class GridPlanner
{
    private static readonly string[] NotAxes = ["seed", "name"];

    /// <summary>The new grid ablation, not yet started, or the problems that stop it.</summary>
    public static (AblationSnapshot? Grid, IReadOnlyList<SpecProblem> Problems) Plan(string id, GridRequest request, IDatasetMetadata metadata)
    {
        var problems = new List<SpecProblem>();
        if (request.Name.Length > 200) problems.Add(new("name", $"must be at most 200 characters, not {request.Name.Length}"));
        if (request.Seeds is < 1 or > TableRequest.MaxSeeds)
            problems.Add(new("seeds", $"must be from 1 to {TableRequest.MaxSeeds}, not {request.Seeds}"));
        var fields = LabJson.Strict.GetTypeInfo(typeof(ExperimentSpec)).Properties.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var reserved in NotAxes.Where(n => request.Base?.ContainsKey(n) == true))
            problems.Add(new($"base.{reserved}", reserved == "seed" ? "is set by seeds: runs use seeds 1..seeds" : "is the grid's: name the grid instead"));
        foreach (var (axis, values) in request.Axes)
        {
            if (NotAxes.Contains(axis)) problems.Add(new($"axes.{axis}", axis == "seed" ? "cannot be an axis: every combination runs with seeds 1..seeds" : "cannot be an axis"));
            else if (!fields.Contains(axis)) problems.Add(new($"axes.{axis}", $"'{axis}' is not a field of an experiment"));
            if (values is null || values.Count == 0) problems.Add(new($"axes.{axis}", "needs at least one value"));
            else if (values.Select(v => v?.ToJsonString()).Distinct().Count() != values.Count) problems.Add(new($"axes.{axis}", "lists a value twice"));
        }
        var combinations = request.Axes.Values.Aggregate(1L, (product, values) => product * Math.Max(1, values?.Count ?? 0));
        var runs = combinations * Math.Max(1, request.Seeds);
        if (runs > GridRequest.MaxRuns)
            problems.Add(new("axes", $"make {runs} runs ({string.Join(" × ", request.Axes.Select(a => $"{a.Value?.Count ?? 0} {a.Key}").Append($"{request.Seeds} seeds"))}); at most {GridRequest.MaxRuns}"));
        if (problems.Count > 0) return (null, problems);

        var name = request.Name.Length > 0 ? request.Name : "grid";
        var cells = new List<AblationCell>();
        foreach (var combination in Combinations(request.Axes.Select(a => (a.Key, Values: a.Value.ToArray())).ToArray()))
        {
            var spec = Read(request.Base, combination, problems);
            if (spec is null) continue;
            var label = combination.Length == 0 ? "base" : string.Join(", ", combination.Select(c => $"{c.Axis}={Text(c.Value)}"));
            cells.Add(new AblationCell
            {
                Key = label,
                Row = label,
                Column = "",
                Config = spec with { Name = combination.Length == 0 ? name : $"{name} · {label}" },
                Measured = [],
                Values = combination.ToDictionary(c => c.Axis, c => c.Value?.ToJsonString() ?? "null"),
                Runs = Enumerable.Range(1, request.Seeds).Select(seed => new AblationRun { Seed = seed }).ToArray(),
            });
        }
        foreach (var datasetId in cells.SelectMany(c => (c.Config.Datasets ?? []).Concat(c.Config.TestDatasets ?? [])).Select(d => d.Id).Distinct())
            if (metadata.Geometry(datasetId) is null) problems.Add(new(FieldOf("datasets", request), $"no dataset with id '{datasetId}'"));
        if (problems.Count > 0) return (null, problems.DistinctBy(p => (p.Field, p.Message)).ToArray());

        return (new AblationSnapshot
        {
            Id = id,
            Grid = request,
            Name = name,
            Status = AblationStatus.Running,
            Datasets = cells.SelectMany(c => c.Config.Datasets?.Select(d => d.Id) ?? []).Distinct().ToArray(),
            Cells = cells.ToArray(),
            CreatedAt = DateTimeOffset.UtcNow,
            IouClasses = cells[0].Config.EffectiveIouClasses.ToArray(),
            EngineVersion = Experiments.EngineVersion.Current,
        }, []);
    }

    /// <summary>The base with this combination's values, read as an experiment; problems name the axis or base field.</summary>
    private static ExperimentSpec? Read(JsonObject? baseFields, (string Axis, JsonNode? Value)[] combination, List<SpecProblem> problems)
    {
        var fields = baseFields?.DeepClone().AsObject() ?? [];
        foreach (var (axis, value) in combination) fields[axis] = value?.DeepClone();
        var (spec, readProblems) = StrictJson.Read<ExperimentSpec>(JsonSerializer.SerializeToUtf8Bytes(fields, LabJson.Options));
        var found = spec is null ? readProblems : spec.Problems();
        foreach (var problem in found)
        {
            var field = problem.Field.Split('.', '[')[0];
            var axis = combination.FirstOrDefault(c => c.Axis == field);
            problems.Add(axis.Axis is null
                ? new SpecProblem($"base.{problem.Field}", problem.Message)
                : new SpecProblem($"axes.{axis.Axis}", $"value {Text(axis.Value)}: {problem.Message}"));
        }
        return found.Count == 0 ? spec : null;
    }

    private static IEnumerable<(string Axis, JsonNode? Value)[]> Combinations((string Axis, JsonNode?[] Values)[] axes)
    {
        if (axes.Length == 0)
        {
            yield return [];
            yield break;
        }
        foreach (var rest in Combinations(axes[..^1]))
            foreach (var value in axes[^1].Values)
                yield return [.. rest, (axes[^1].Axis, value)];
    }

    private static string FieldOf(string field, GridRequest request) => request.Axes.ContainsKey(field) ? $"axes.{field}" : $"base.{field}";

    private static string Text(JsonNode? value) => value?.ToJsonString() ?? "null";
}
