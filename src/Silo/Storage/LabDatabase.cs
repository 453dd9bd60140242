using LiteDB;
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
            var opened = new LiteDatabase(new ConnectionString { Filename = FilePath, Connection = ConnectionType.Direct });
            MigrateStates(opened, logger);
            return opened;
        });
    }

    public string FilePath { get; }

    public ILiteCollection<BsonDocument> Collection(string name) => database.Value.GetCollection(name);

    /// <summary>
    /// Runs <paramref name="work"/> as one transaction: all of its writes or none. LiteDB's transactions belong to a
    /// thread, so the work must not leave it; inside a transaction the thread already holds, it joins that one.
    /// </summary>
    public T Atomically<T>(Func<T> work)
    {
        var opened = database.Value;
        if (!opened.BeginTrans()) return work();
        try
        {
            var result = work();
            opened.Commit();
            return result;
        }
        catch
        {
            opened.Rollback();
            throw;
        }
    }

    /// <summary>Brings every stored grain state written by an older lab into today's shape, in one transaction.</summary>
    private void MigrateStates(LiteDatabase opened, ILogger logger)
    {
        if (opened.UserVersion >= StoredStateMigration.CurrentVersion) return;
        var from = opened.UserVersion;
        opened.BeginTrans();
        try
        {
            StoredStateMigration.Apply(opened, from);
            opened.Commit();
        }
        catch (Exception e)
        {
            opened.Rollback();
            opened.Dispose();
            throw new InvalidOperationException($"{FilePath} was written by an older lab (data version {from}) and could not be brought up to date: {e.Message}. Nothing was changed.", e);
        }
        // A pragma, not allowed inside the transaction; the migration is idempotent should the lab stop in between.
        opened.UserVersion = StoredStateMigration.CurrentVersion;
        logger.LogInformation("Brought {DatabaseFile} from data version {From} to {To}", FilePath, from, StoredStateMigration.CurrentVersion);
    }

    public void Dispose()
    {
        if (database.IsValueCreated) database.Value.Dispose();
    }
}
