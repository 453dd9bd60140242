using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Runtime.Hosting;
using Orleans.Storage;
using UNet3D.Lab.Silo.Datasets;
using UNet3D.Lab.Silo.Runs;
using UNet3D.Lab.Silo.Series;
using UNet3D.Lab.Silo.Ablations;
using UNet3D.Lab.Silo.Workers;

namespace UNet3D.Lab.Silo.Hosting;

public static class LabSiloHostingExtensions
{
    /// <summary>
    /// Makes this process a silo of the lab: LiteDB grain storage, primary-silo placement, training slots and,
    /// on the primary, recovery of unfinished experiments. Used by both the web app and the standalone host.
    /// </summary>
    public static IHostApplicationBuilder AddLabSilo(this IHostApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(LabOptions.Section);
        var lab = section.Get<LabOptions>() ?? new LabOptions();
        builder.Services.Configure<LabOptions>(section);
        builder.UseOrleans(silo =>
        {
            ConfigureClustering(silo, lab.Cluster);
            silo.AddLabServices(isPrimary: string.IsNullOrWhiteSpace(lab.Cluster.Join));
        });
        return builder;
    }

    /// <summary>The lab's grains' services without clustering, for hosts that cluster on their own (tests).</summary>
    public static ISiloBuilder AddLabServices(this ISiloBuilder silo, bool isPrimary = true)
    {
        silo.Services.AddOptions<LabOptions>();
        silo.Services.AddLabSerialization();
        silo.Services.AddSingleton<LabDatabase>();
        silo.Services.AddGrainStorage(LabStorage.Name, (services, _) => new LiteDbGrainStorage(services.GetRequiredService<LabDatabase>()));
        silo.Services.AddSingleton<RunIndex>();
        silo.Services.AddSingleton<RunArtifacts>();
        silo.Services.AddSingleton<SeriesStore>();
        silo.Services.AddSingleton<DatasetStore>();
        silo.Services.AddSingleton<IDatasetSource>(services => services.GetRequiredService<DatasetStore>());
        silo.Services.AddSingleton<IDatasetMetadata, StoredDatasetMetadata>();
        silo.AddPlacementDirector<PrimarySiloPlacementStrategy, PrimarySiloPlacementDirector>();
        silo.Services.AddSingleton<TrainingWorkerPool>();
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(services => services.GetRequiredService<TrainingWorkerPool>());
        // The lab's dataset store replaces this with its own (which must also answer for the phantom ids).
        silo.Services.TryAddSingleton<IDatasetMetadata, PhantomDatasetMetadata>();
        if (isPrimary)
        {
            silo.AddStartupTask<ExperimentRecovery>();
            silo.AddStartupTask<AblationRecovery>();
            // The primary serves the lab's pages and API and so its datasets; a silo that joins generates the phantom
            // it trains on when it needs it.
            silo.Services.AddSingleton<BuiltInDatasets>();
            silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(services => services.GetRequiredService<BuiltInDatasets>());
        }
        return silo;
    }

    private static void ConfigureClustering(ISiloBuilder silo, LabClusterOptions cluster)
    {
        silo.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = cluster.ClusterId;
            o.ServiceId = cluster.ServiceId;
        });
        // Shown as the worker of every experiment: say which machine and silo trained it.
        silo.Configure<SiloOptions>(o => o.SiloName = $"{Dns.GetHostName()}:{cluster.SiloPort}");
        var primary = string.IsNullOrWhiteSpace(cluster.Join) ? null : ParseEndpoint(cluster.Join, "Lab:Cluster:Join");
        if (string.IsNullOrWhiteSpace(cluster.AdvertisedAddress))
        {
            // One machine: everything on loopback.
            silo.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort, primary, cluster.ServiceId, cluster.ClusterId);
            return;
        }
        if (!IPAddress.TryParse(cluster.AdvertisedAddress, out var advertised))
            throw new InvalidOperationException($"Lab:Cluster:AdvertisedAddress '{cluster.AdvertisedAddress}' is not an IP address.");
        silo.UseDevelopmentClustering(primary ?? new IPEndPoint(advertised, cluster.SiloPort));
        silo.ConfigureEndpoints(advertised, cluster.SiloPort, cluster.GatewayPort, listenOnAnyHostAddress: true);
        silo.UseLabTransportSecurity(cluster.AdvertisedAddress);
    }

    private static IPEndPoint ParseEndpoint(string text, string setting)
    {
        if (IPEndPoint.TryParse(text, out var endpoint) && endpoint.Port != 0) return endpoint;
        var colon = text.LastIndexOf(':');
        if (colon > 0 && int.TryParse(text[(colon + 1)..], out var port))
        {
            var addresses = Dns.GetHostAddresses(text[..colon]);
            var address = addresses.FirstOrDefault(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork) ?? addresses.FirstOrDefault();
            if (address is not null) return new IPEndPoint(address, port);
        }
        throw new InvalidOperationException($"{setting} '{text}' is not host:port of the primary silo (e.g. 192.168.1.10:11111).");
    }
}
