using UNet3D.Lab.Experiments.Presets;

namespace UNet3D.Lab.Web.Api;

/// <summary>
/// The datasets a completed run was measured on, as dataset ids: the named training and test datasets, or, for a run
/// on the built-in phantom (no datasets named, the default data seed), the preset's phantom samples, whose results
/// are named S1, S2, S3 but which the lab serves as <c>phantom-{variant}-s{n}</c>.
/// </summary>
public static class MeasuredDatasets
{
    public static IReadOnlyList<string> Of(ExperimentSnapshot snapshot)
    {
        var spec = snapshot.Config;
        var samples = snapshot.Metrics?.Samples.Count ?? 0;
        if (samples == 0) return [];
        var tests = (spec.TestDatasets ?? []).Select(d => d.Id);
        if (spec.Datasets is { } named) return [.. named.Select(d => d.Id), .. tests];
        var phantom = spec.DataSeed == PhantomDatasets.Seed
            ? PhantomDatasets.Ids(ExperimentPresets.Get(spec.Preset).Phantom)
            : [];
        return [.. phantom, .. tests];
    }
}
