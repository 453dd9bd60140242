using UNet3D.Lab.Silo.Placement;
using UNet3D.Lab.Silo.Storage;

namespace UNet3D.Lab.Silo.Grains;

[PrimarySiloPlacement]
public sealed class SuiteRegistryGrain(
    [PersistentState("suites", LabStorage.Name)] IPersistentState<ExperimentRegistryState> state)
    : Grain, ISuiteRegistryGrain
{
    public async Task Register(string suiteId)
    {
        if (state.State.Ids.Contains(suiteId)) return;
        state.State.Ids.Add(suiteId);
        await state.WriteStateAsync();
    }

    public Task<string[]> List() => Task.FromResult(Enumerable.Reverse(state.State.Ids).ToArray());
}
