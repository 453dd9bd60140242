using UNet3D.Lab.Tests.Shared;

namespace UNet3D.Lab.Web.Tests;

/// <summary>One real lab without training slots, so that the experiments the tests queue never train.</summary>
public sealed class CrossSiteLabFixture : IAsyncLifetime
{
    public LabWebApplicationFactory Lab { get; } = new(workerSlots: 0);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await Lab.DisposeAsync();
        Lab.DeleteData();
    }
}
