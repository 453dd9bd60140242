using LiteDB;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace UNet3D.Lab.Silo.Storage;

/// <summary>The silo's embedded LiteDB file, opened once per process at <c>{DataDirectory}/lab.db</c>.</summary>
public sealed class LabDatabase : IDisposable
{
    private readonly Lazy<LiteDatabase> database;

    public LabDatabase(IOptions<LabOptions> options, ILogger<LabDatabase> logger)
    {
        var directory = Path.GetFullPath(options.Value.DataDirectory);
        FilePath = Path.Combine(directory, LabStorage.FileName);
        database = new Lazy<LiteDatabase>(() =>
        {
            try
            {
                Directory.CreateDirectory(directory);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new InvalidOperationException($"Lab:DataDirectory '{directory}' cannot be created: {e.Message}", e);
            }
            logger.LogInformation("Lab data: {DatabaseFile}", FilePath);
            // Direct mode: one process owns the file; LiteDB's journal makes every write atomic.
            return new LiteDatabase(new ConnectionString { Filename = FilePath, Connection = ConnectionType.Direct });
        });
    }

    public string FilePath { get; }

    public ILiteCollection<BsonDocument> Collection(string name) => database.Value.GetCollection(name);

    public void Dispose()
    {
        if (database.IsValueCreated) database.Value.Dispose();
    }
}
