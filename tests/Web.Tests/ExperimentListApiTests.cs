using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace UNet3D.Lab.Web.Tests;

/// <summary><c>GET /api/experiments</c> with its query parameters, on the runs of <see cref="ExperimentListFixture"/>.</summary>
public sealed class ExperimentListApiTests(ExperimentListFixture lab) : IClassFixture<ExperimentListFixture>
{
    [Fact]
    public async Task Each_item_has_the_table_columns_and_the_page_its_total()
    {
        var list = await List("?status=completed&sort=-meanIou");
        Assert.Equal(2, list.GetProperty("total").GetInt32());
        var beta = list.GetProperty("items")[0];
        Assert.Equal(lab.Ids["beta"], beta.GetProperty("id").GetString());
        Assert.EndsWith($"/experiments/{lab.Ids["beta"]}", beta.GetProperty("url").GetString());
        Assert.Equal(("beta", "2d", false, "cpu", "completed"), (beta.GetProperty("name").GetString(), beta.GetProperty("model").GetString(),
            beta.GetProperty("batchNorm").GetBoolean(), beta.GetProperty("preset").GetString(), beta.GetProperty("status").GetString()));
        Assert.Equal((4, 4), (beta.GetProperty("step").GetInt32(), beta.GetProperty("totalSteps").GetInt32()));
        Assert.Equal((0.9, 0.3, 12.0), (beta.GetProperty("meanIou").GetDouble(), beta.GetProperty("finalLoss").GetDouble(), beta.GetProperty("duration").GetDouble()));
        Assert.Equal(JsonValueKind.Null, beta.GetProperty("bestValidationIou").ValueKind);
        Assert.Equal(JsonValueKind.String, beta.GetProperty("createdAt").ValueKind);
        Assert.Equal(JsonValueKind.String, beta.GetProperty("finishedAt").ValueKind);
        Assert.Equal((0, 0, false), (beta.GetProperty("tags").GetArrayLength(), beta.GetProperty("ablations").GetArrayLength(), beta.GetProperty("hasNote").GetBoolean()));

        var gamma = Assert.Single((await List("?status=queued")).GetProperty("items").EnumerateArray());
        Assert.Equal(["todo"], gamma.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.True(gamma.GetProperty("hasNote").GetBoolean());
        Assert.Equal(JsonValueKind.Null, gamma.GetProperty("duration").ValueKind);
        Assert.Equal(JsonValueKind.Null, gamma.GetProperty("meanIou").ValueKind);
    }

    [Theory]
    [InlineData("", "gamma,beta,alpha", 3)]
    [InlineData("?search=", "gamma,beta,alpha", 3)]
    [InlineData("?search=ALP", "alpha", 1)]
    [InlineData("?status=queued", "gamma", 1)]
    [InlineData("?model=2d", "beta", 1)]
    [InlineData("?preset=smoke", "gamma,alpha", 2)]
    [InlineData("?tag=TODO", "gamma", 1)]
    [InlineData("?ablation=abl-x", "alpha", 1)]
    [InlineData("?model=3d&status=completed", "alpha", 1)]
    [InlineData("?sort=-meanIou", "beta,alpha,gamma", 3)]
    [InlineData("?sort=meanIou", "alpha,beta,gamma", 3)]
    [InlineData("?sort=finalLoss", "beta,alpha,gamma", 3)]
    [InlineData("?sort=-duration", "beta,alpha,gamma", 3)]
    [InlineData("?sort=name", "alpha,beta,gamma", 3)]
    [InlineData("?sort=-name", "gamma,beta,alpha", 3)]
    [InlineData("?sort=createdAt", "alpha,beta,gamma", 3)]
    [InlineData("?sort=name&limit=1&offset=1", "beta", 3)]
    [InlineData("?sort=-meanIou&limit=2&offset=1", "alpha,gamma", 3)]
    [InlineData("?offset=3", "", 3)]
    public async Task Query_parameters_filter_sort_and_page_the_runs(string query, string expected, int total)
    {
        var list = await List(query);
        var names = list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()).ToArray();
        Assert.Equal(expected.Length == 0 ? [] : expected.Split(','), names);
        Assert.Equal(total, list.GetProperty("total").GetInt32());
    }

    [Theory]
    [InlineData("?sort=loss", "sort", "\"meanIou\"")]
    [InlineData("?sort=-", "sort", "\"createdAt\"")]
    [InlineData("?limit=0", "limit", "1 to 200")]
    [InlineData("?limit=500", "limit", "1 to 200")]
    [InlineData("?limit=many", "limit", "whole number")]
    [InlineData("?offset=-5", "offset", "0 or more")]
    [InlineData("?status=done", "status", "\"completed\"")]
    [InlineData("?model=4d", "model", "\"3d\", \"2d\"")]
    [InlineData("?preset=huge", "preset", "\"smoke\"")]
    [InlineData("?tag=a%2Fb", "tag", "a tag has only")]
    [InlineData("?colour=red", "colour", "not a parameter")]
    [InlineData("?tag=a&tag=b", "tag", "given 2 times")]
    public async Task Bad_query_value_gets_400_naming_the_parameter(string query, string parameter, string says)
    {
        var response = await lab.Client.GetAsync("/api/experiments" + query);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(parameter, out var messages), $"no error for '{parameter}' in {problem}");
        Assert.Contains(says, messages[0].GetString());
    }

    private async Task<JsonElement> List(string query)
    {
        var response = await lab.Client.GetAsync("/api/experiments" + query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
