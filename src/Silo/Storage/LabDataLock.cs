using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace UNet3D.Lab.Silo.Storage;

/// <summary>
/// One lab process per data folder: <c>{DataDirectory}/lab.lock</c>, held open without sharing from the start of the
/// host (before the silo) until the process ends. The operating system closes the handle of a killed process, so a
/// crash never leaves the folder locked. LiteDB's own sharing does not stop a second process on Linux.
/// </summary>
public sealed class LabDataLock(IOptions<LabOptions> options, ILogger<LabDataLock> logger) : IHostedService, IDisposable
{
    public const string FileName = "lab.lock";

    private FileStream? held;

    public string FilePath { get; } = Path.Combine(Path.GetFullPath(options.Value.DataDirectory), FileName);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        Take();
        return Task.CompletedTask;
    }

    /// <summary>Takes the lock; throws naming it when another process holds it.</summary>
    public void Take()
    {
        if (held is not null) return;
        Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
        try
        {
            held = new FileStream(FilePath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
        }
        catch (IOException e)
        {
            throw new InvalidOperationException(
                $"{FilePath} is held by another lab process using the same Lab:DataDirectory; stop that process, or give this one its own Lab:DataDirectory.", e);
        }
        logger.LogDebug("Holding {LockFile}", FilePath);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => held?.Dispose();
}
