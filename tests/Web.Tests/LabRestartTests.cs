using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using UNet3D.Lab.Tests.Shared;

namespace UNet3D.Lab.Web.Tests;

public sealed class LabRestartTests
{
    [Fact]
    public async Task Finished_experiment_is_unchanged_after_the_lab_restarts()
    {
        var first = new LabWebApplicationFactory();
        string id, before;
        try
        {
            using (var client = first.CreateClient())
            {
                var created = await client.PostAsJsonAsync("/api/experiments", new { model = "3d", iterations = 15, name = "restart" });
                id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
                do
                {
                    await Task.Delay(100, timeout.Token);
                    before = await client.GetStringAsync($"/api/experiments/{id}", timeout.Token);
                }
                while (!before.Contains("\"status\":\"completed\"", StringComparison.Ordinal));
            }
            await first.DisposeAsync();

            await using var second = new LabWebApplicationFactory(first.DataDirectory);
            using var again = second.CreateClient();
            var response = await again.GetAsync($"/api/experiments/{id}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            // Same JSON byte for byte: config, curve, metrics and timestamps all came back from the LiteDB file.
            Assert.Equal(before, await response.Content.ReadAsStringAsync());
        }
        finally
        {
            first.DeleteData();
        }
    }
}
