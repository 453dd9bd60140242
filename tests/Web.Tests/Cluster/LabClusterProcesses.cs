namespace UNet3D.Lab.Web.Tests.Cluster;

/// <summary>
/// A lab cluster of real processes: its own <c>redis-server</c> and any number of silos in redis mode
/// (<c>Lab:Cluster:Provider=redis</c>), each with a data folder of its own under one temporary folder and one shared
/// folder for datasets and checkpoints. Silos start, stop, are killed and start again by name.
/// </summary>
public sealed class LabClusterProcesses : IAsyncDisposable
{
    /// <summary>The xunit collection of the tests that start silo processes: one at a time, so 2 cores are not shared among a dozen silos.</summary>
    public const string Collection = "silo processes";

    private readonly Dictionary<string, LabSiloProcess> silos = new(StringComparer.Ordinal);

    private LabClusterProcesses(RedisServer redis, string root)
    {
        Redis = redis;
        Root = root;
    }

    public RedisServer Redis { get; }

    /// <summary>The temporary folder holding the silos' data folders and the shared folder.</summary>
    public string Root { get; }

    public string SharedDirectory => Path.Combine(Root, "shared");

    public LabSiloProcess this[string name] => silos[name];

    public static async Task<LabClusterProcesses> StartAsync()
    {
        var root = Path.Combine(Path.GetTempPath(), "unet3d-lab-tests", "cluster-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        return new LabClusterProcesses(await RedisServer.StartAsync(), root);
    }

    public string DataDirectoryOf(string name) => Path.Combine(Root, name);

    /// <summary>
    /// Starts (or starts again, on the same data folder) the silo <paramref name="name"/> and waits until it has joined.
    /// Silos of different names may start at the same time.
    /// </summary>
    /// <param name="hostsData">Whether it hosts the lab's grains and data (<c>Lab:Cluster:HostsData</c>).</param>
    /// <param name="workerSlots">Its training slots; 0 trains nothing.</param>
    /// <param name="settings">Further settings as environment variables (<c>Lab__…</c>).</param>
    public async Task<LabSiloProcess> StartSiloAsync(string name, bool hostsData, int workerSlots = 0, IReadOnlyDictionary<string, string>? settings = null)
    {
        LabSiloProcess? previous;
        lock (silos) silos.Remove(name, out previous);
        if (previous is not null) await previous.DisposeAsync();
        var all = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Lab__Cluster__Provider"] = "redis",
            ["Lab__Cluster__Redis"] = Redis.ConnectionString,
            ["Lab__Cluster__HostsData"] = hostsData ? "true" : "false",
            ["Lab__WorkerSlots"] = workerSlots.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Lab__SharedDirectory"] = SharedDirectory,
            ["Lab__WorkerPollInterval"] = "00:00:00.200",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) all[key] = value;
        var silo = await LabSiloProcess.StartAsync(name, DataDirectoryOf(name), all);
        lock (silos) silos[name] = silo;
        return silo;
    }

    /// <summary>Everything every silo wrote, for a failed test's message.</summary>
    public string Output
    {
        get { lock (silos) return string.Join("\n", silos.Values.Select(s => $"--- {s.Name} ---\n{s.Output}")); }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var silo in silos.Values) await silo.DisposeAsync();
        await Redis.DisposeAsync();
        try { Directory.Delete(Root, recursive: true); }
        catch (IOException) { }
    }
}
