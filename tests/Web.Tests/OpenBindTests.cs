using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using UNet3D.Lab.Silo;
using UNet3D.Lab.Silo.Storage;
using UNet3D.Lab.Tests.Shared;
using UNet3D.Lab.Web.Access;

namespace UNet3D.Lab.Web.Tests;

/// <summary>A real process of the lab bound beyond loopback: refused without an account, started with one.</summary>
public sealed class OpenBindTests
{
    [Fact]
    public async Task Open_bind_without_an_account_refuses_to_start_and_says_how()
    {
        var url = $"http://0.0.0.0:{FreePorts.Next().ToString(CultureInfo.InvariantCulture)}";

        var (address, output) = await WebAppProcess.Listen(["--urls", url], new Dictionary<string, string>());

        Assert.True(address is null, output);
        Assert.Contains(url, output, StringComparison.Ordinal);
        Assert.Contains("account add --name alice --role admin", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_bind_with_an_account_starts()
    {
        var data = Path.Combine(Path.GetTempPath(), "unet3d-lab-tests", Guid.NewGuid().ToString("N"));
        using (var database = new LabDatabase(Options.Create(new LabOptions { DataDirectory = data }), NullLogger<LabDatabase>.Instance))
            Assert.Null(new AccountStore(database).Add("alice", LabRoles.Admin, AccessLabFixture.Password));
        var url = $"http://0.0.0.0:{FreePorts.Next().ToString(CultureInfo.InvariantCulture)}";
        try
        {
            var (address, output) = await WebAppProcess.Listen(["--urls", url], new Dictionary<string, string> { ["Lab__DataDirectory"] = data });
            Assert.True(address == url, output);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Theory]
    [InlineData("http://127.0.0.1:5080", true)]
    [InlineData("http://localhost:5080", true)]
    [InlineData("http://[::1]:5080", true)]
    [InlineData("http://0.0.0.0:5080", false)]
    [InlineData("http://*:5080", false)]
    [InlineData("http://+:5080", false)]
    [InlineData("http://[::]:5080", false)]
    [InlineData("http://192.168.1.20:5080", false)]
    [InlineData("http://lab.example.org", false)]
    public void Loopback_is_told_from_other_addresses(string url, bool loopback) => Assert.Equal(loopback, ListenAddresses.IsLoopback(url));
}
