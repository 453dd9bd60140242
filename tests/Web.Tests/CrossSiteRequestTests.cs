using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using UNet3D.Lab.Tests.Shared;

namespace UNet3D.Lab.Web.Tests;

/// <summary>
/// What a browser may send to the lab on behalf of another site (nothing that changes it), what scripts may send
/// (JSON with its content type, no Origin), and which host names the lab answers to.
/// </summary>
public sealed class CrossSiteRequestTests(CrossSiteLabFixture fixture) : IClassFixture<CrossSiteLabFixture>, IDisposable
{
    private const string Experiment = """{"model":"3d","iterations":2}""";
    private readonly HttpClient client = fixture.Lab.CreateClient();

    public void Dispose() => client.Dispose();

    [Theory]
    [InlineData("/api/experiments", "text/plain")]
    [InlineData("/api/experiments", "application/x-www-form-urlencoded")]
    [InlineData("/api/experiments", "multipart/form-data; boundary=x")]
    [InlineData("/api/experiments", null)]
    [InlineData("/api/suites", "text/plain")]
    public async Task Json_endpoint_refuses_another_content_type_with_415(string path, string? contentType)
    {
        var json = path == "/api/suites" ? """{"table":1}""" : Experiment;
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(json));
        if (contentType is not null) content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        var before = await Count(path);

        var response = await client.PostAsync(path, content);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        var detail = await Detail(response);
        Assert.Contains("application/json", detail);
        Assert.Contains(contentType is null ? "no content-type" : $"'{contentType}'", detail);
        Assert.Equal(before, await Count(path));
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("Application/JSON;charset=UTF-8")]
    public async Task Script_sending_json_without_an_origin_gets_201(string contentType)
    {
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(Experiment)) { Headers = { ContentType = MediaTypeHeaderValue.Parse(contentType) } };
        var response = await client.PostAsync("/api/experiments", content);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Theory]
    [InlineData("cross-site", "http://evil.example", "Sec-Fetch-Site: cross-site")]
    [InlineData("same-site", "http://localhost:8888", "Sec-Fetch-Site: same-site")]
    [InlineData(null, "http://evil.example", "Origin: http://evil.example")]
    [InlineData(null, "null", "Origin: null")]
    [InlineData(null, "http://localhost:8888", "Origin: http://localhost:8888")]
    [InlineData(null, "https://localhost", "Origin: https://localhost")]
    public async Task Browser_request_from_another_site_gets_403_naming_the_header(string? fetchSite, string origin, string named)
    {
        var before = await Count("/api/experiments");

        var response = await client.SendAsync(Json(HttpMethod.Post, "/api/experiments", Experiment, fetchSite, origin));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var detail = await Detail(response);
        Assert.Contains(named, detail);
        Assert.Contains("POST /api/experiments", detail);
        Assert.Equal(before, await Count("/api/experiments"));
    }

    [Theory]
    [InlineData("same-origin", "http://localhost")]
    [InlineData("none", null)]
    [InlineData(null, "http://localhost")]
    [InlineData(null, "HTTP://LOCALHOST:80")]
    [InlineData(null, null)]
    public async Task Lab_page_or_script_gets_201(string? fetchSite, string? origin)
    {
        var response = await client.SendAsync(Json(HttpMethod.Post, "/api/experiments", Experiment, fetchSite, origin));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task Origin_is_compared_with_the_host_and_port_the_request_was_sent_to()
    {
        var own = await client.SendAsync(Json(HttpMethod.Post, "http://127.0.0.1:5080/api/experiments", Experiment, null, "http://127.0.0.1:5080"));
        Assert.Equal(HttpStatusCode.Created, own.StatusCode);
        var otherPort = await client.SendAsync(Json(HttpMethod.Post, "http://127.0.0.1:5080/api/experiments", Experiment, null, "http://127.0.0.1:5081"));
        Assert.Equal(HttpStatusCode.Forbidden, otherPort.StatusCode);
        Assert.Contains("http://127.0.0.1:5080", await Detail(otherPort));
    }

    [Theory]
    [InlineData("POST", "/api/suites", "application/json", """{"table":1}""")]
    [InlineData("POST", "/api/datasets", "multipart/form-data; boundary=b", "--b\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nx\r\n--b--\r\n")]
    [InlineData("POST", "/api/experiments/exp-nothere/cancel", null, null)]
    [InlineData("POST", "/_blazor/negotiate?negotiateVersion=1", "text/plain", "")]
    [InlineData("POST", "/", "application/x-www-form-urlencoded", "_handler=form&x=1")]
    [InlineData("PUT", "/api/experiments", "application/json", "{}")]
    [InlineData("PATCH", "/api/experiments", "application/json", "{}")]
    [InlineData("DELETE", "/api/experiments/exp-nothere", null, null)]
    public async Task Every_state_changing_request_from_another_site_gets_403(string method, string path, string? contentType, string? body)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null) request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)) { Headers = { ContentType = MediaTypeHeaderValue.Parse(contentType!) } };
        request.Headers.Add("Sec-Fetch-Site", "cross-site");
        request.Headers.Add("Origin", "http://evil.example");

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains($"{method} {path.Split('?')[0]}", await Detail(response));
    }

    [Fact]
    public async Task Cross_site_upload_stores_nothing()
    {
        var before = await Count("/api/datasets");
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(NiftiTestFiles.Image(4, 4, 4, 1, i => i * 0.5f)), "image", "scan.nii" },
            { new StringContent("from another site"), "name" },
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/datasets") { Content = form };
        request.Headers.Add("Sec-Fetch-Site", "cross-site");

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(before, await Count("/api/datasets"));
    }

    [Fact]
    public async Task Cross_site_cancel_leaves_the_experiment_queued()
    {
        var created = await client.PostAsync("/api/experiments", new StringContent(Experiment, Encoding.UTF8, "application/json"));
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        var response = await client.SendAsync(Json(HttpMethod.Post, $"/api/experiments/{id}/cancel", null, "cross-site", "http://evil.example"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var experiment = await client.GetFromJsonAsync<JsonElement>($"/api/experiments/{id}");
        Assert.Equal("queued", experiment.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Blazor_circuit_websocket_opens_from_the_lab_and_not_from_another_site()
    {
        var sockets = fixture.Lab.Server.CreateWebSocketClient();
        var endpoint = new Uri("ws://localhost/_blazor");

        sockets.ConfigureRequest = request => request.Headers.Origin = "http://localhost";
        using (var own = await sockets.ConnectAsync(endpoint, CancellationToken.None))
            Assert.Equal(System.Net.WebSockets.WebSocketState.Open, own.State);

        sockets.ConfigureRequest = request =>
        {
            request.Headers.Origin = "http://evil.example";
            request.Headers["Sec-Fetch-Site"] = "cross-site";
        };
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => sockets.ConnectAsync(endpoint, CancellationToken.None));
        Assert.Contains("403", refused.Message);
    }

    [Theory]
    [InlineData("http://localhost/api/experiments")]
    [InlineData("http://127.0.0.1:5080/api/experiments")]
    [InlineData("http://[::1]:5080/api/experiments")]
    public async Task Loopback_host_names_are_served(string url)
    {
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(url)).StatusCode);
    }

    [Theory]
    [InlineData("http://evil.example/api/experiments")]
    [InlineData("http://lab.attacker.example:5080/")]
    [InlineData("http://192.168.1.20:5080/api/experiments")]
    public async Task Other_host_names_get_400_so_dns_rebinding_reaches_nothing(string url)
    {
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync(url)).StatusCode);
    }

    private static HttpRequestMessage Json(HttpMethod method, string path, string? json, string? fetchSite, string? origin)
    {
        var request = new HttpRequestMessage(method, path);
        if (json is not null) request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        if (fetchSite is not null) request.Headers.Add("Sec-Fetch-Site", fetchSite);
        if (origin is not null) request.Headers.Add("Origin", origin);
        return request;
    }

    /// <summary>How many items a list has: an array (datasets) or a page with its total (experiments).</summary>
    private async Task<int> Count(string listPath)
    {
        var list = await client.GetFromJsonAsync<JsonElement>(listPath);
        return list.ValueKind == JsonValueKind.Array ? list.GetArrayLength() : list.GetProperty("total").GetInt32();
    }

    private static async Task<string> Detail(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!;
}
