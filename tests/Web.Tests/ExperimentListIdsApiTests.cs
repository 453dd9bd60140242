using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace UNet3D.Lab.Web.Tests;

/// <summary><c>GET /api/experiments?ids=a,b</c>: a compare view's runs in one request.</summary>
public sealed class ExperimentListIdsApiTests(ExperimentListFixture lab) : IClassFixture<ExperimentListFixture>
{
    [Fact]
    public async Task Ids_select_the_named_runs_with_the_other_parameters()
    {
        var response = await lab.Client.GetAsync($"/api/experiments?ids={lab.Ids["alpha"]},{lab.Ids["gamma"]},exp-none&sort=name");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var list = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["alpha", "gamma"], list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()));
        Assert.Equal(2, list.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task A_bad_id_gets_400_naming_ids()
    {
        var response = await lab.Client.GetAsync("/api/experiments?ids=exp-a,exp%20b");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("\"exp b\" is not an experiment id", problem.GetProperty("errors").GetProperty("ids")[0].GetString());
    }
}
