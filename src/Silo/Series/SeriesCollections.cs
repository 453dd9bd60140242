using LiteDB;

namespace UNet3D.Lab.Silo.Series;

/// <summary>
/// The series of every run in two LiteDB collections: <c>series</c>, one document per run and name (a number, the
/// point count and the last step), and <c>series_chunks</c>, the points in chunks of up to <see cref="ChunkSize"/>, each
/// keyed by its series' number and its first step (<c>number &lt;&lt; 32 | step</c>), so that a range of steps is a
/// range of keys read in order. Only the newest chunk of a series is ever rewritten. The caller serialises calls and
/// holds the transaction that makes each one atomic (<see cref="SeriesStore"/>, or the data migration).
/// </summary>
internal sealed class SeriesCollections(ILiteCollection<BsonDocument> series, ILiteCollection<BsonDocument> chunks)
{
    public const string SeriesCollection = "series";
    public const string ChunksCollection = "series_chunks";

    /// <summary>Points a chunk holds: 20 kB, so the newest chunk is cheap to rewrite and a long series few documents.</summary>
    public const int ChunkSize = 1024;

    public static SeriesCollections Of(ILiteDatabase database) =>
        new(database.GetCollection(SeriesCollection), database.GetCollection(ChunksCollection));

    /// <summary>
    /// Adds the points whose step lies after the series' last stored step (so a resumed run that sends steps again
    /// stores each once); points need finite values and steps from 0. Returns how many were stored.
    /// </summary>
    public int Append(string run, string name, IEnumerable<SeriesPoint> points)
    {
        CheckName(name);
        var document = Find(run, name);
        var last = document?["last"].AsInt32 ?? -1;
        var fresh = new List<SeriesPoint>();
        foreach (var point in points.OrderBy(p => p.Step))
        {
            if (point.Step < 0) throw new ArgumentException($"Series '{name}' of run '{run}': step {point.Step} is negative.", nameof(points));
            if (!double.IsFinite(point.Value) || !double.IsFinite(point.Seconds))
                throw new ArgumentException($"Series '{name}' of run '{run}': step {point.Step} has value {point.Value} at {point.Seconds} s; both must be finite.", nameof(points));
            if (point.Step <= last) continue;
            fresh.Add(point);
            last = point.Step;
        }
        if (fresh.Count == 0) return 0;

        if (document is null)
        {
            series.EnsureIndex("run");
            document = new BsonDocument { ["_id"] = NextNumber(), ["run"] = run, ["name"] = name, ["total"] = 0L, ["last"] = -1, ["open"] = BsonValue.Null };
            series.Insert(document);
        }
        var number = document["_id"].AsInt32;
        var open = document["open"].IsNull ? null : chunks.FindById(document["open"]);
        var buffer = open is null ? [] : SeriesChunkCodec.Decode(open["data"].AsBinary);
        var chunkKey = open?["_id"].AsInt64 ?? 0L;
        var hasOpen = open is not null;
        var written = 0;
        while (written < fresh.Count)
        {
            if (!hasOpen || buffer.Count == ChunkSize)
            {
                buffer = [];
                chunkKey = Key(number, fresh[written].Step);
                hasOpen = true;
            }
            var take = Math.Min(ChunkSize - buffer.Count, fresh.Count - written);
            buffer.AddRange(fresh.Skip(written).Take(take));
            written += take;
            chunks.Upsert(new BsonDocument { ["_id"] = chunkKey, ["count"] = buffer.Count, ["data"] = SeriesChunkCodec.Encode(buffer) });
        }
        document["total"] = document["total"].AsInt64 + fresh.Count;
        document["last"] = fresh[^1].Step;
        document["open"] = chunkKey;
        series.Update(document);
        return fresh.Count;
    }

    /// <summary>The series of a run, by name.</summary>
    public IReadOnlyList<SeriesSummary> List(string run) =>
        OfRun(run).Where(d => d["last"].AsInt32 >= 0)
            .Select(d => new SeriesSummary(d["name"].AsString, d["total"].AsInt64, d["last"].AsInt32))
            .OrderBy(s => s.Name, StringComparer.Ordinal)
            .ToArray();

    /// <summary>The last stored step of a series; null when it holds nothing.</summary>
    public int? LastStep(string run, string name) => Find(run, name) is { } document && document["last"].AsInt32 >= 0 ? document["last"].AsInt32 : null;

    /// <summary>
    /// The points of steps <paramref name="from"/> to <paramref name="to"/> (both included), cut down to at most
    /// <paramref name="maxPoints"/> by <see cref="SeriesDownsampler"/> while the chunks stream past; null when the
    /// run has no such series.
    /// </summary>
    public SeriesPage? Read(string run, string name, int from, int to, int maxPoints)
    {
        if (Find(run, name) is not { } document || document["last"].AsInt32 < 0) return null;
        var number = document["_id"].AsInt32;
        var last = Math.Min(to, document["last"].AsInt32);
        from = Math.Max(from, 0);
        if (from > last) return new SeriesPage(name, 0, []);

        // The range's last step: the series' own, or the last one at or before `to` in the chunk that holds it.
        if (last < document["last"].AsInt32)
        {
            var holding = ChunkAtOrBefore(number, last);
            if (holding is null) return new SeriesPage(name, 0, []);
            var points = holding["data"].AsBinary;
            last = Enumerable.Range(0, SeriesChunkCodec.Count(points)).Select(i => SeriesChunkCodec.Point(points, i).Step).Where(s => s <= to).DefaultIfEmpty(-1).Max();
            if (last < from) return new SeriesPage(name, 0, []);
        }

        var sampler = new SeriesDownsampler(maxPoints, last);
        foreach (var point in Points(number, from, last)) sampler.Add(point);
        return new SeriesPage(name, sampler.Count, sampler.Result());
    }

    /// <summary>Every point of a series in step order, one chunk in memory at a time; nothing when there is no such series.</summary>
    public IEnumerable<SeriesPoint> Points(string run, string name) =>
        Find(run, name) is { } document ? Points(document["_id"].AsInt32, 0, int.MaxValue) : [];

    private IEnumerable<SeriesPoint> Points(int number, int from, int to)
    {
        var start = ChunkAtOrBefore(number, from)?["_id"].AsInt64 ?? Key(number, from);
        foreach (var chunk in chunks.Query().Where(Query.Between("_id", start, Key(number, to))).OrderBy("_id").ToEnumerable())
        {
            var data = chunk["data"].AsBinary;
            var count = SeriesChunkCodec.Count(data);
            for (var i = 0; i < count; i++)
            {
                var point = SeriesChunkCodec.Point(data, i);
                if (point.Step > to) yield break;
                if (point.Step >= from) yield return point;
            }
        }
    }

    /// <summary>Removes the points after <paramref name="step"/> from every series of the run; returns how many were removed.</summary>
    public int Truncate(string run, int step)
    {
        var removed = 0;
        foreach (var document in OfRun(run).Where(d => d["last"].AsInt32 > step).ToArray())
        {
            var number = document["_id"].AsInt32;
            var cut = 0;
            // Chunks that start after the step go whole; the one holding it keeps its points up to the step.
            var after = Query.Between("_id", Key(number, step + 1), Key(number, int.MaxValue));
            foreach (var chunk in chunks.Find(after).ToArray()) cut += chunk["count"].AsInt32;
            chunks.DeleteMany(after);
            var holding = step >= 0 ? ChunkAtOrBefore(number, step) : null;
            var last = -1;
            if (holding is not null)
            {
                var points = SeriesChunkCodec.Decode(holding["data"].AsBinary);
                var kept = points.Where(p => p.Step <= step).ToList();
                cut += points.Count - kept.Count;
                chunks.Upsert(new BsonDocument { ["_id"] = holding["_id"], ["count"] = kept.Count, ["data"] = SeriesChunkCodec.Encode(kept) });
                last = kept.Count > 0 ? kept[^1].Step : -1;
            }
            document["total"] = document["total"].AsInt64 - cut;
            document["last"] = last;
            document["open"] = holding is null ? BsonValue.Null : holding["_id"];
            series.Update(document);
            removed += cut;
        }
        return removed;
    }

    /// <summary>Removes every series of the run; returns how many there were.</summary>
    public int Delete(string run)
    {
        var documents = OfRun(run).ToArray();
        foreach (var document in documents)
        {
            var number = document["_id"].AsInt32;
            chunks.DeleteMany(Query.Between("_id", Key(number, 0), Key(number, int.MaxValue)));
            series.Delete(document["_id"]);
        }
        return documents.Length;
    }

    private static void CheckName(string name)
    {
        if (!MetricSeries.IsValidName(name))
            throw new ArgumentException($"'{name}' is not a series name: 1 to 100 ASCII letters, digits and -_./, starting with a letter.", nameof(name));
    }

    private static long Key(int number, int step) => ((long)number << 32) | (uint)step;

    private BsonDocument? ChunkAtOrBefore(int number, int step) =>
        chunks.Query().Where(Query.Between("_id", Key(number, 0), Key(number, step))).OrderByDescending("_id").Limit(1).FirstOrDefault();

    // LiteDB compares strings with the file's collation (case-insensitive by default): names are compared here, exactly.
    private IEnumerable<BsonDocument> OfRun(string run) =>
        series.Find(Query.EQ("run", run)).Where(d => string.Equals(d["run"].AsString, run, StringComparison.Ordinal));

    private BsonDocument? Find(string run, string name) =>
        OfRun(run).FirstOrDefault(d => string.Equals(d["name"].AsString, name, StringComparison.Ordinal));

    private int NextNumber() =>
        (series.Query().OrderByDescending("_id").Limit(1).FirstOrDefault()?["_id"].AsInt32 ?? 0) + 1;
}
