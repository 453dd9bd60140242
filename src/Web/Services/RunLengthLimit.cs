using System.Globalization;
using Microsoft.Extensions.Options;
using UNet3D.Lab.Silo;
using UNet3D.Lab.Silo.Grains;
using UNet3D.Lab.Web.Api;

namespace UNet3D.Lab.Web.Services;

/// <summary>
/// <c>Lab:MaxRunHours</c>: how long the runs of a submission would train on this lab's slots (<see cref="GridEstimate"/>:
/// seconds per step measured here, else nominal), and the refusal when that is longer than the limit.
/// </summary>
public sealed class RunLengthLimit(IGrainFactory grains, IOptions<LabOptions> options)
{
    /// <summary>Null when the runs fit within the limit; else the API's problem giving the estimate and naming "force".</summary>
    public async Task<SpecProblem?> Check(IReadOnlyList<ExperimentSpec> configurations, int seeds = 1) =>
        await TooLong(configurations, seeds) is { } reason ? new SpecProblem(ForceOption.Field, reason + "; send \"force\": true to start it anyway") : null;

    /// <summary>
    /// Null when the runs fit within the limit; else why not, with the estimate in hours or days (the forms show it
    /// beside their own "start anyway").
    /// </summary>
    public async Task<string?> TooLong(IReadOnlyList<ExperimentSpec> configurations, int seeds = 1)
    {
        if (configurations.Count == 0) return null;
        var slots = await grains.GetGrain<ITrainingQueueGrain>(ITrainingQueueGrain.Key).Slots();
        var catalog = grains.GetGrain<IRunCatalogGrain>(IRunCatalogGrain.Key);
        var measured = new Dictionary<(string, ModelKind), double?>();
        foreach (var (preset, model) in configurations.Select(c => (c.Preset, c.Model)).Distinct())
            measured[(preset, model)] = await catalog.SecondsPerStep(preset, model);
        double? Measured(string preset, ModelKind model) => measured.GetValueOrDefault((preset, model));

        var (seconds, basis) = GridEstimate.Of(configurations, seeds, slots, Measured);
        // One run trains on one slot however many there are: the longest run is a floor.
        var longest = configurations.Max(c => GridEstimate.Of([c], 1, 1, Measured).Seconds);
        seconds = Math.Max(seconds, longest);
        var limit = options.Value.MaxRunHours;
        if (seconds <= limit * 3600) return null;
        return string.Create(CultureInfo.InvariantCulture,
            $"training would take {Duration(seconds)} on this lab ({basis}), longer than Lab:MaxRunHours ({limit:0.##} hours)");
    }

    /// <summary>"about 5 hours" up to two days, then "about 266 days".</summary>
    public static string Duration(double seconds)
    {
        var hours = seconds / 3600;
        return hours < 48
            ? string.Create(CultureInfo.InvariantCulture, $"about {Math.Max(1, Math.Round(hours)):0} hours")
            : string.Create(CultureInfo.InvariantCulture, $"about {Math.Round(hours / 24):0} days");
    }
}
