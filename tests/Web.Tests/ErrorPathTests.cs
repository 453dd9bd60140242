using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using UNet3D.Lab.Tests.Shared;
using UNet3D.Lab.Web.Services;

namespace UNet3D.Lab.Web.Tests;

/// <summary>
/// An unhandled exception outside Development: a problem document for the API, a readable page for pages, and no
/// exception text for the client. The suites' client fails to construct, so both the suites API and the Tables page fail.
/// </summary>
public sealed class ErrorPathTests : IAsyncLifetime
{
    private const string Failure = "suite client out of order (test)";
    private readonly LabWebApplicationFactory lab = new(workerSlots: 0);
    private Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> production = null!;
    private HttpClient client = null!;

    public Task InitializeAsync()
    {
        production = lab.WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Production");
            builder.ConfigureTestServices(services => services.AddSingleton<AblationClient>(_ => throw new InvalidOperationException(Failure)));
        });
        client = production.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        client.Dispose();
        await production.DisposeAsync();
        await lab.DisposeAsync();
        lab.DeleteData();
    }

    [Fact]
    public async Task Failing_api_request_gets_a_500_problem_document_naming_the_request()
    {
        var response = await client.GetAsync("/api/suites");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(500, problem.GetProperty("status").GetInt32());
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.Contains("GET /api/suites", detail);
        Assert.Contains(problem.GetProperty("traceId").GetString()!, detail);
        Assert.DoesNotContain(Failure, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Failing_page_gets_a_500_html_page_with_a_way_back()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/tables");
        request.Headers.Accept.ParseAdd("text/html");

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<h1>Something went wrong</h1>", html);
        Assert.Contains("GET /tables", html);
        Assert.Contains("<a href=\"/\">", html);
        Assert.DoesNotContain(Failure, html);
    }

    [Fact]
    public async Task Pages_and_api_that_work_are_unaffected_and_error_is_not_a_page_of_its_own()
    {
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/experiments")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/error")).StatusCode);
    }
}
