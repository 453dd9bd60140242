namespace UNet3D.Lab.Silo.Grains;

[PrimarySiloPlacement]
public sealed class ResultRegistryGrain(
    [PersistentState("results", LabStorage.Name)] IPersistentState<ResultRegistryState> state)
    : Grain, IResultRegistryGrain
{
    public Task<string?> Find(string hash) => Task.FromResult(state.State.Experiments.GetValueOrDefault(hash));

    public async Task Remember(string hash, string experimentId)
    {
        if (state.State.Experiments.GetValueOrDefault(hash) == experimentId) return;
        state.State.Experiments[hash] = experimentId;
        await state.WriteStateAsync();
    }
}

[GenerateSerializer]
public sealed class ResultRegistryState
{
    /// <summary>Content hash → experiment id.</summary>
    [Id(0)] public Dictionary<string, string> Experiments { get; set; } = [];
}
