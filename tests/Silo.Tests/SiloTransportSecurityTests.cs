using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using UNet3D.Lab.Silo.Hosting;

namespace UNet3D.Lab.Silo.Tests;

/// <summary>Silos other machines reach use TLS with the lab's certificate, or do not start.</summary>
public sealed class SiloTransportSecurityTests
{
    [Fact]
    public void Advertised_silo_without_a_certificate_refuses_to_start_and_says_how()
    {
        var refused = Assert.Throws<InvalidOperationException>(() => Configure("10.0.0.5", []));
        Assert.Contains("Lab:Cluster:Tls:CertificatePath", refused.Message, StringComparison.Ordinal);
        Assert.Contains("'10.0.0.5'", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Loopback_silo_or_a_trusted_network_needs_no_certificate()
    {
        Configure(null, []);
        Configure("10.0.0.5", new() { ["Lab:Cluster:Tls:AllowUnencrypted"] = "true" });
    }

    [Fact]
    public void Advertised_silo_with_a_certificate_and_its_key_starts_with_tls()
    {
        using var data = new TemporaryDirectory();
        var path = Path.Combine(data.Path, "lab-silo.pfx");
        File.WriteAllBytes(path, SelfSigned().Export(X509ContentType.Pkcs12, "pass word"));

        Configure("10.0.0.5", new() { ["Lab:Cluster:Tls:CertificatePath"] = path, ["Lab:Cluster:Tls:CertificatePassword"] = "pass word" });

        var wrongPassword = Assert.Throws<InvalidOperationException>(() => SiloTransportSecurity.Load(path, "not it"));
        Assert.Contains(path, wrongPassword.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Certificate_without_its_private_key_is_refused()
    {
        using var data = new TemporaryDirectory();
        var path = Path.Combine(data.Path, "public-only.pfx");
        using var publicOnly = X509CertificateLoader.LoadCertificate(SelfSigned().Export(X509ContentType.Cert));
        File.WriteAllBytes(path, publicOnly.Export(X509ContentType.Pkcs12, "p"));

        var refused = Assert.Throws<InvalidOperationException>(() => SiloTransportSecurity.Load(path, "p"));
        Assert.Contains("no private key", refused.Message, StringComparison.Ordinal);
    }

    private static void Configure(string? advertisedAddress, Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        var configured = false;
        builder.UseOrleans(silo =>
        {
            silo.UseLabTransportSecurity(advertisedAddress);
            configured = true;
        });
        Assert.True(configured);
    }

    private static X509Certificate2 SelfSigned()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=unet3d-lab", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
    }
}
