using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Runtime.Hosting;
using Orleans.Storage;
using StackExchange.Redis;
using UNet3D.Lab.Silo.Datasets;
using UNet3D.Lab.Silo.Runs;
using UNet3D.Lab.Silo.Series;
using UNet3D.Lab.Silo.Ablations;
using UNet3D.Lab.Silo.Workers;

namespace UNet3D.Lab.Silo.Hosting;

public static class LabSiloHostingExtensions
{
    /// <summary>
    /// Makes this process a silo of the lab: its data folder's lock, clustering (<c>Lab:Cluster:Provider</c>), grain
    /// storage, data-silo placement, training slots and, on the silo that hosts the data, recovery of unfinished
    /// experiments. Used by both the web app and the standalone host; <paramref name="configure"/> adds to the silo
    /// (the web app's dashboard).
    /// </summary>
    public static IHostApplicationBuilder AddLabSilo(this IHostApplicationBuilder builder, Action<ISiloBuilder>? configure = null)
    {
        var section = builder.Configuration.GetSection(LabOptions.Section);
        var lab = section.Get<LabOptions>() ?? new LabOptions();
        builder.Services.Configure<LabOptions>(section);
        // Registered before the silo, so it starts first: a second process on this data folder stops here, naming the lock.
        builder.Services.AddSingleton<LabDataLock>();
        builder.Services.AddHostedService(services => services.GetRequiredService<LabDataLock>());
        builder.UseOrleans(silo =>
        {
            var redis = ConfigureClustering(silo, lab.Cluster);
            silo.AddLabServices(lab.Cluster.HostsDataResolved, redis);
            configure?.Invoke(silo);
        });
        return builder;
    }

    /// <summary>The lab's grains' services without clustering, for hosts that cluster on their own (tests).</summary>
    /// <param name="hostsData">
    /// Whether this silo hosts the lab's grains and its LiteDB file (runs, series, dataset records). A silo that does
    /// not leaves those grain classes out of its manifest, so Orleans places none of them on it: it only trains.
    /// </param>
    /// <param name="redis">Grain state in this Redis (connection string) instead of the LiteDB file.</param>
    public static ISiloBuilder AddLabServices(this ISiloBuilder silo, bool hostsData = true, string? redis = null)
    {
        silo.Services.AddOptions<LabOptions>();
        silo.Services.AddLabSerialization();
        silo.Services.AddSingleton<LabDatabase>();
        if (redis is null)
            silo.Services.AddGrainStorage(LabStorage.Name, (services, _) => new LiteDbGrainStorage(services.GetRequiredService<LabDatabase>()));
        else
            silo.AddRedisGrainStorage(LabStorage.Name, o =>
            {
                o.ConfigurationOptions = ConfigurationOptions.Parse(redis);
                o.GrainStorageSerializer = new LabJsonGrainStorageSerializer();
            });
        silo.Services.AddSingleton<RunIndex>();
        silo.Services.AddSingleton<RunArtifacts>();
        silo.Services.AddSingleton<RunOutputs>();
        silo.Services.AddSingleton<SeriesStore>();
        silo.Services.AddSingleton<DatasetStore>();
        silo.Services.AddSingleton<IDatasetSource>(services => services.GetRequiredService<DatasetStore>());
        silo.Services.AddSingleton<IDatasetMetadata, StoredDatasetMetadata>();
        silo.AddPlacementDirector<PrimarySiloPlacementStrategy, PrimarySiloPlacementDirector>();
        silo.Services.AddSingleton<TrainingWorkerPool>();
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(services => services.GetRequiredService<TrainingWorkerPool>());
        // The lab's dataset store replaces this with its own (which must also answer for the phantom ids).
        silo.Services.TryAddSingleton<IDatasetMetadata, PhantomDatasetMetadata>();
        if (hostsData)
        {
            silo.AddStartupTask<ExperimentRecovery>();
            silo.AddStartupTask<AblationRecovery>();
            // The data silo serves the lab's datasets; a silo that only trains generates the phantom it trains on.
            silo.Services.AddSingleton<BuiltInDatasets>();
            silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(services => services.GetRequiredService<BuiltInDatasets>());
        }
        else
        {
            silo.Services.PostConfigure<GrainTypeOptions>(o => o.Classes.RemoveWhere(IsDataGrain));
            // Imported datasets' records come from the data silo, their voxels from the shared folder.
            silo.Services.AddSingleton<DatasetRecordLookup>();
        }
        return silo;
    }

    private static bool IsDataGrain(Type grainClass) => grainClass.IsDefined(typeof(PrimarySiloPlacementAttribute), inherit: false);

    /// <summary>Sets up membership; the Redis connection string when grain state goes there too, else null.</summary>
    private static string? ConfigureClustering(ISiloBuilder silo, LabClusterOptions cluster)
    {
        silo.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = cluster.ClusterId;
            o.ServiceId = cluster.ServiceId;
        });
        // Shown as the worker of every experiment: say which machine and silo trained it.
        silo.Configure<SiloOptions>(o => o.SiloName = $"{Dns.GetHostName()}:{cluster.SiloPort}");
        IPAddress? advertised = null;
        if (!string.IsNullOrWhiteSpace(cluster.AdvertisedAddress) && !IPAddress.TryParse(cluster.AdvertisedAddress, out advertised))
            throw new InvalidOperationException($"Lab:Cluster:AdvertisedAddress '{cluster.AdvertisedAddress}' is not an IP address.");
        // Reached from other machines, in either mode: TLS between silos, or a refusal saying how.
        silo.UseLabTransportSecurity(cluster.AdvertisedAddress);
        if (cluster.IsRedis)
        {
            if (string.IsNullOrWhiteSpace(cluster.RedisConnection))
                throw new InvalidOperationException("Lab:Cluster:Provider is redis but Lab:Cluster:Redis is empty: give the Redis connection string, e.g. localhost:6379.");
            if (!string.IsNullOrWhiteSpace(cluster.Join))
                throw new InvalidOperationException($"Lab:Cluster:Join '{cluster.Join}' is for development clustering; with Lab:Cluster:Provider=redis the silos find each other in Redis: leave Join out.");
            silo.UseRedisClustering(cluster.RedisConnection);
            // One machine: loopback; else the advertised address, listening on every interface.
            silo.ConfigureEndpoints(advertised ?? IPAddress.Loopback, cluster.SiloPort, cluster.GatewayPort, listenOnAnyHostAddress: advertised is not null);
            return cluster.RedisConnection;
        }
        if (!string.Equals(cluster.Provider, LabClusterOptions.Development, StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException(
                $"Lab:Cluster:Provider '{cluster.Provider}' is not one the lab knows: use '{LabClusterOptions.Development}' (the default: one machine, or a primary the others join) or '{LabClusterOptions.Redis}' (with Lab:Cluster:Redis).");
        var primary = string.IsNullOrWhiteSpace(cluster.Join) ? null : ParseEndpoint(cluster.Join, "Lab:Cluster:Join");
        if (advertised is null)
        {
            // One machine: everything on loopback.
            silo.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort, primary, cluster.ServiceId, cluster.ClusterId);
            return null;
        }
        silo.UseDevelopmentClustering(primary ?? new IPEndPoint(advertised, cluster.SiloPort));
        silo.ConfigureEndpoints(advertised, cluster.SiloPort, cluster.GatewayPort, listenOnAnyHostAddress: true);
        return null;
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
