using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using UNet3D.Lab.Tests.Shared;

namespace UNet3D.Lab.Web.Tests;

/// <summary><c>Lab:PublicUrl</c>: the address browsers use behind a proxy is the lab's own origin too.</summary>
public sealed class PublicUrlTests
{
    [Fact]
    public async Task Pages_served_from_the_public_url_may_change_the_lab_and_other_origins_may_not()
    {
        await using var lab = new LabWebApplicationFactory(workerSlots: 0, settings: new Dictionary<string, string> { ["Lab:PublicUrl"] = "https://lab.example.org/" });
        try
        {
            using var client = lab.CreateClient();

            var own = await client.SendAsync(Post("https://lab.example.org"));
            Assert.Equal(HttpStatusCode.Created, own.StatusCode);

            var other = await client.SendAsync(Post("https://other.example.org"));
            Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
            var detail = (await other.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!;
            Assert.Contains("http://localhost or https://lab.example.org", detail);
        }
        finally
        {
            lab.DeleteData();
        }
    }

    [Theory]
    [InlineData("lab.example.org")]
    [InlineData("ftp://lab.example.org")]
    public void Public_url_that_is_not_an_http_url_stops_the_lab_naming_the_setting(string value)
    {
        var lab = new LabWebApplicationFactory(workerSlots: 0, settings: new Dictionary<string, string> { ["Lab:PublicUrl"] = value });
        try
        {
            var error = Record.Exception(() => lab.CreateClient().Dispose());

            Assert.NotNull(error);
            var messages = string.Join("\n", Chain(error));
            Assert.Contains($"Lab:PublicUrl '{value}' is not an absolute http or https URL", messages);
        }
        finally
        {
            lab.Dispose();
            lab.DeleteData();
        }
    }

    private static HttpRequestMessage Post(string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/experiments")
        {
            Content = new StringContent("""{"model":"3d","iterations":2}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Origin", origin);
        return request;
    }

    private static IEnumerable<string> Chain(Exception error)
    {
        for (Exception? e = error; e is not null; e = e.InnerException) yield return e.Message;
    }
}
