using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using UNet3D.Lab.Silo.Json;
using UNet3D.Lab.Web.Api;

namespace UNet3D.Lab.Web.Tests;

/// <summary>
/// <c>AcceptsJson&lt;T&gt;</c> on its own, in a bare app: the document shows the body's schema even when no answer
/// contains its type, and any other content type gets the endpoint's 415 problem, not routing's empty one.
/// </summary>
public sealed class JsonRequestBodyTests : IAsyncLifetime
{
    private WebApplication app = null!;
    private HttpClient client = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.ConfigureHttpJsonOptions(options => LabJson.Configure(options.SerializerOptions));
        builder.Services.AddLabOpenApi();
        app = builder.Build();
        app.MapPost("/labels", () => TypedResults.NoContent()).AcceptsJson<LabelRequest>().WithTags("Labels").WithSummary("Add a label");
        app.MapApiReference();
        await app.StartAsync();
        client = app.GetTestClient();
    }

    public async Task DisposeAsync()
    {
        client.Dispose();
        await app.DisposeAsync();
    }

    [Fact]
    public async Task Body_type_that_no_answer_contains_gets_a_component_schema()
    {
        var document = JsonNode.Parse(await client.GetStringAsync(ApiReference.DocumentPath))!;

        var body = document["paths"]!["/labels"]!["post"]!["requestBody"]!;
        Assert.True(body["required"]!.GetValue<bool>());
        Assert.Equal("#/components/schemas/LabelRequest", body["content"]!["application/json"]!["schema"]!["$ref"]!.GetValue<string>());
        var schema = document["components"]!["schemas"]!["LabelRequest"]!;
        Assert.Equal(["text", "weight"], schema["properties"]!.AsObject().Select(p => p.Key));
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    public async Task Other_content_type_gets_the_endpoints_415_problem(string contentType)
    {
        var response = await client.PostAsync("/labels", new StringContent("""{"text":"a","weight":1}""", Encoding.UTF8, contentType));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var detail = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString();
        Assert.Contains($"content-type '{contentType}", detail);
    }

    private sealed record LabelRequest(string Text, double Weight);
}
