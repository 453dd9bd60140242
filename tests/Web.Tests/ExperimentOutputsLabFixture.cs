using System.Net.Http.Json;
using System.Text.Json;
using UNet3D.Lab.Tests.Shared;

namespace UNet3D.Lab.Web.Tests;

/// <summary>One real lab for the NIfTI download tests, with one tiny completed run (smoke preset, 3 steps) made on first use.</summary>
public sealed class ExperimentOutputsLabFixture : IAsyncLifetime
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private string? completedRun;

    public LabWebApplicationFactory Lab { get; } = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await Lab.DisposeAsync();
        Lab.DeleteData();
        gate.Dispose();
    }

    /// <summary>A completed smoke run on the built-in tiny phantom (measured on phantom-tiny-s1..s3).</summary>
    public async Task<string> CompletedRun(HttpClient client)
    {
        await gate.WaitAsync();
        try
        {
            return completedRun ??= await Train(client, batchNorm: true);
        }
        finally
        {
            gate.Release();
        }
    }

    public static async Task<string> Train(HttpClient client, bool batchNorm)
    {
        var created = await client.PostAsJsonAsync("/api/experiments", new { model = "3d", preset = "smoke", batchNorm, iterations = 3, evaluateEvery = 0, seed = 3 });
        created.EnsureSuccessStatusCode();
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        while (true)
        {
            var experiment = await client.GetFromJsonAsync<JsonElement>($"/api/experiments/{id}", timeout.Token);
            var status = experiment.GetProperty("status").GetString();
            if (status is "failed" or "cancelled") throw new InvalidOperationException($"run {id} {status}");
            if (status == "completed") return id;
            await Task.Delay(100, timeout.Token);
        }
    }
}
