using UNet3D.Lab.Silo.Placement;
using UNet3D.Lab.Silo.Storage;

namespace UNet3D.Lab.Silo.Grains;

[PrimarySiloPlacement]
public sealed class ExperimentRegistryGrain(
    [PersistentState("registry", LabStorage.Name)] IPersistentState<ExperimentRegistryState> state)
    : Grain, IExperimentRegistryGrain
{
    public async Task Register(string experimentId)
    {
        if (state.State.Ids.Contains(experimentId)) return;
        state.State.Ids.Add(experimentId);
        await state.WriteStateAsync();
    }

    public Task<string[]> List() => Task.FromResult(Enumerable.Reverse(state.State.Ids).ToArray());
}
