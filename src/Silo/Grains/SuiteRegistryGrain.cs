using UNet3D.Lab.Experiments.Runs;
using UNet3D.Lab.Silo.Models;
using UNet3D.Lab.Silo.Placement;
using UNet3D.Lab.Silo.Storage;
using UNet3D.Lab.Silo.Suites;

namespace UNet3D.Lab.Silo.Grains;

[PrimarySiloPlacement]
public sealed class SuiteRegistryGrain(
    [PersistentState("suites", LabStorage.Name)] IPersistentState<ExperimentRegistryState> state,
    IDatasetMetadata datasets)
    : Grain, ISuiteRegistryGrain
{
    public async Task Register(string suiteId)
    {
        if (state.State.Ids.Contains(suiteId)) return;
        state.State.Ids.Add(suiteId);
        await state.WriteStateAsync();
    }

    public Task<string[]> List() => Task.FromResult(Enumerable.Reverse(state.State.Ids).ToArray());

    // Dataset metadata may read storage (a sparse dataset's voxels): off the grain scheduler.
    public Task<SpecProblem[]> Check(SuiteRequest request) => Task.Run(() => SuitePlanner.Problems(request, datasets).ToArray());
}
