namespace UNet3D.Lab.Silo.Grains;

[PrimarySiloPlacement]
public sealed class RegistryGrain(
    [PersistentState("registry", LabStorage.Name)] IPersistentState<RegistryState> state)
    : Grain, IRegistryGrain
{
    public async Task Register(string id)
    {
        if (state.State.Ids.Contains(id)) return;
        state.State.Ids.Add(id);
        await state.WriteStateAsync();
    }

    public Task<string[]> List() => Task.FromResult(Enumerable.Reverse(state.State.Ids).ToArray());
}
