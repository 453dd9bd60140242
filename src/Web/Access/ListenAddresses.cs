using System.Net;
using Microsoft.AspNetCore.Hosting;

namespace UNet3D.Lab.Web.Access;

/// <summary>
/// The addresses the lab is configured to listen on (<c>--urls</c>, <c>ASPNETCORE_URLS</c>, <c>Urls</c>, the port
/// settings, Kestrel endpoints), read before the server binds them so that an open bind can be refused first.
/// </summary>
public static class ListenAddresses
{
    /// <summary>Those of the configured addresses that other machines can reach.</summary>
    public static IReadOnlyList<string> BeyondLoopback(IConfiguration configuration)
    {
        var open = new List<string>();
        var urls = configuration[WebHostDefaults.ServerUrlsKey];
        if (!string.IsNullOrWhiteSpace(urls))
            open.AddRange(urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(url => !IsLoopback(url)));
        // Ports alone bind every interface.
        foreach (var key in new[] { WebHostDefaults.HttpPortsKey, WebHostDefaults.HttpsPortsKey })
            if (!string.IsNullOrWhiteSpace(configuration[key])) open.Add($"{key}={configuration[key]} (every interface)");
        foreach (var endpoint in configuration.GetSection("Kestrel:Endpoints").GetChildren())
            if (endpoint["Url"] is { Length: > 0 } url && !IsLoopback(url)) open.Add(url);
        return open;
    }

    /// <summary>Whether the URL's host is <c>localhost</c> or a loopback IP address; <c>*</c>, <c>+</c>, 0.0.0.0 and names are not.</summary>
    public static bool IsLoopback(string url)
    {
        var rest = url.Contains("://", StringComparison.Ordinal) ? url[(url.IndexOf("://", StringComparison.Ordinal) + 3)..] : url;
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0) rest = rest[..slash];
        string host;
        if (rest.StartsWith('['))
            host = rest[1..Math.Max(1, rest.IndexOf(']', StringComparison.Ordinal))];
        else
            host = rest.LastIndexOf(':') is var colon and >= 0 ? rest[..colon] : rest;
        return string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
               || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));
    }
}
