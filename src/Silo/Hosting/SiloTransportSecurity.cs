using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;
using Orleans.Connections.Security;

namespace UNet3D.Lab.Silo.Hosting;

/// <summary>
/// Silo-to-silo TLS (<c>Lab:Cluster:Tls</c>). One machine (no <c>AdvertisedAddress</c>) talks over loopback and needs
/// none. Silos that other machines reach encrypt their traffic and authenticate each other with one certificate the
/// lab's silos share: each accepts only a peer that presents that same certificate (pinned by its SHA-256), so a
/// self-signed one made with openssl does, and nothing else on the network can join the cluster or call its grains.
/// Without a certificate such a silo refuses to start, unless <c>AllowUnencrypted</c> says the network is trusted.
/// </summary>
public static class SiloTransportSecurity
{
    public const string Section = "Lab:Cluster:Tls";

    /// <summary>Configures TLS when <paramref name="advertisedAddress"/> is set, from <see cref="Section"/> of the silo's configuration.</summary>
    public static ISiloBuilder UseLabTransportSecurity(this ISiloBuilder silo, string? advertisedAddress)
    {
        if (string.IsNullOrWhiteSpace(advertisedAddress)) return silo;
        var settings = silo.Configuration.GetSection(Section);
        var path = settings["CertificatePath"];
        if (string.IsNullOrWhiteSpace(path))
        {
            if (settings.GetValue<bool>("AllowUnencrypted")) return silo;
            throw new InvalidOperationException(
                $"Lab:Cluster:AdvertisedAddress is '{advertisedAddress}', so other machines reach this silo, but {Section}:CertificatePath is not set: "
                + "the silos would talk unencrypted and let anything on the network join. Make one certificate for the lab's silos "
                + "(openssl req -x509 -newkey rsa:3072 -nodes -days 825 -subj /CN=unet3d-lab -keyout lab.key -out lab.crt && "
                + "openssl pkcs12 -export -in lab.crt -inkey lab.key -out lab-silo.pfx -passout pass:CHANGE-ME), copy it to every silo and set "
                + $"{Section}:CertificatePath=lab-silo.pfx and {Section}:CertificatePassword; or, on a network you trust, {Section}:AllowUnencrypted=true.");
        }
        var certificate = Load(path, settings["CertificatePassword"]);
        var pinned = SHA256.HashData(certificate.RawData);
        var host = certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
        return silo.UseTls(certificate, options =>
        {
            options.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
            options.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
            options.RemoteCertificateValidation = (remote, _, _) => remote is not null && SHA256.HashData(remote.RawData).AsSpan().SequenceEqual(pinned);
            options.OnAuthenticateAsClient = (_, client) => client.TargetHost = host;
        });
    }

    /// <summary>The PKCS#12 file with its private key, or a start-up error naming the file and the problem.</summary>
    public static X509Certificate2 Load(string path, string? password)
    {
        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(path, password);
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"{Section}:CertificatePath '{Path.GetFullPath(path)}' cannot be read as a PKCS#12 (.pfx) certificate with {Section}:CertificatePassword: {e.Message}", e);
        }
        return certificate.HasPrivateKey
            ? certificate
            : throw new InvalidOperationException($"{Section}:CertificatePath '{Path.GetFullPath(path)}' holds no private key; export the certificate with its key (openssl pkcs12 -export -inkey …).");
    }
}
