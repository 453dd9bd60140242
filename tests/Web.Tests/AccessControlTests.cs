using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using UNet3D.Lab.Web.Access;

namespace UNet3D.Lab.Web.Tests;

/// <summary>Roles, tokens and logins of a lab that requires them.</summary>
public sealed partial class AccessControlTests(AccessLabFixture fixture) : IClassFixture<AccessLabFixture>
{
    private const string Experiment = """{"model":"3d","iterations":2}""";

    [Fact]
    public async Task Anonymous_request_is_refused_with_401_for_the_api_and_a_login_redirect_for_pages()
    {
        using var client = fixture.Lab.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/experiments")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsync("/api/experiments", Json(Experiment))).StatusCode);
        var page = await client.GetAsync("/experiments");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/login", page.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Viewer_reads_but_cannot_post()
    {
        using var viewer = fixture.ClientAs(LabRoles.Viewer);

        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync("/api/experiments")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsync("/api/experiments", Json(Experiment))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsync("/api/suites", Json("""{"table":1}"""))).StatusCode);
    }

    [Fact]
    public async Task Editor_starts_and_cancels_but_only_an_admin_deletes()
    {
        using var editor = fixture.ClientAs(LabRoles.Editor);
        using var admin = fixture.ClientAs(LabRoles.Admin);

        var created = await editor.PostAsync("/api/experiments", Json(Experiment));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await editor.PostAsync($"/api/experiments/{id}/cancel", null)).StatusCode);

        Assert.Equal(HttpStatusCode.Forbidden, (await editor.DeleteAsync($"/api/experiments/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/experiments/{id}")).StatusCode);
    }

    [Fact]
    public async Task Only_an_admin_opens_the_orleans_dashboard()
    {
        using var anonymous = fixture.Lab.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var editor = fixture.ClientAs(LabRoles.Editor);
        using var admin = fixture.ClientAs(LabRoles.Admin);

        var login = await anonymous.GetAsync("/dashboard");
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.StartsWith("/login", login.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await editor.GetAsync("/dashboard")).StatusCode);
        var page = await admin.GetAsync("/dashboard/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.True(html.Contains("<title>Orleans Dashboard</title>", StringComparison.Ordinal), html[..Math.Min(html.Length, 3000)]);
    }

    [Fact]
    public async Task Revoked_api_token_is_refused()
    {
        var (token, secret) = fixture.Tokens.Create(LabRoles.Viewer + "-account", "to revoke");
        using var client = fixture.Lab.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", secret);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/experiments")).StatusCode);

        Assert.True(fixture.Tokens.Revoke(token.Account, token.Id));

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/experiments")).StatusCode);
    }

    [Fact]
    public async Task Made_up_token_is_refused()
    {
        using var client = fixture.Lab.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", ApiTokenStore.Prefix + "made-up");
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/experiments")).StatusCode);
    }

    [Fact]
    public async Task Login_form_sets_the_cookie_that_opens_the_lab_and_a_wrong_password_is_refused()
    {
        using var client = fixture.Lab.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

        var wrong = await LogIn(client, LabRoles.Editor + "-account", "not the password");
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.Contains(Components.Access.LoginPage.Refused, await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/experiments")).StatusCode);

        var right = await LogIn(client, LabRoles.Editor + "-account", AccessLabFixture.Password);
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/experiments")).StatusCode);
    }

    [Fact]
    public async Task Viewer_logs_out_from_the_account_page()
    {
        using var client = fixture.Lab.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        Assert.Equal(HttpStatusCode.Redirect, (await LogIn(client, LabRoles.Viewer + "-account", AccessLabFixture.Password)).StatusCode);
        var account = await client.GetStringAsync("/account");
        Assert.Contains("viewer-account", account, StringComparison.Ordinal);
        var fields = HiddenInput().Matches(account).ToDictionary(m => WebUtility.HtmlDecode(m.Groups["name"].Value), m => WebUtility.HtmlDecode(m.Groups["value"].Value));

        var logout = await client.PostAsync("/logout", new FormUrlEncodedContent(fields));

        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/experiments")).StatusCode);
    }

    [Fact]
    public async Task Login_post_without_the_antiforgery_token_is_refused()
    {
        using var client = fixture.Lab.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var response = await client.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login", ["Input.Name"] = LabRoles.Admin + "-account", ["Input.Password"] = AccessLabFixture.Password,
        }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/experiments")).StatusCode);
    }

    /// <summary>Fills in the login form as a browser would: its hidden fields (the antiforgery token) and the two inputs.</summary>
    private static async Task<HttpResponseMessage> LogIn(HttpClient client, string name, string password)
    {
        var form = await client.GetStringAsync("/login");
        var fields = HiddenInput().Matches(form).ToDictionary(m => WebUtility.HtmlDecode(m.Groups["name"].Value), m => WebUtility.HtmlDecode(m.Groups["value"].Value));
        var inputs = NamedInput().Matches(form).Select(m => m.Groups["name"].Value).Where(n => !fields.ContainsKey(n)).ToList();
        Assert.Equal(2, inputs.Count);
        fields[inputs.Single(n => n.EndsWith("Name", StringComparison.Ordinal))] = name;
        fields[inputs.Single(n => n.EndsWith("Password", StringComparison.Ordinal))] = password;
        return await client.PostAsync("/login", new FormUrlEncodedContent(fields));
    }

    private static StringContent Json(string json) => AccessLabFixture.Json(json);

    [GeneratedRegex("""<input type="hidden" name="(?<name>[^"]+)" value="(?<value>[^"]*)""")]
    private static partial Regex HiddenInput();

    [GeneratedRegex("""<input[^>]* name="(?<name>[^"]+)""")]
    private static partial Regex NamedInput();
}
