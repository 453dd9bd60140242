namespace UNet3D.Lab.Silo.Datasets;

/// <summary>Loaded volumes by dataset id, at most <see cref="CapacityBytes"/> of voxels; the least recently used go first.</summary>
public sealed class VolumeCache(long capacityBytes)
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, LinkedListNode<(string Id, LabeledVolume Volume, long Bytes)>> entries = new(StringComparer.Ordinal);
    private readonly LinkedList<(string Id, LabeledVolume Volume, long Bytes)> recency = new();

    public long CapacityBytes { get; } = capacityBytes;

    public long Bytes { get; private set; }

    public int Count
    {
        get { lock (gate) return entries.Count; }
    }

    public static long SizeOf(LabeledVolume volume) => volume.Image.LongLength * sizeof(float) + volume.Labels.LongLength;

    public bool TryGet(string id, out LabeledVolume volume)
    {
        lock (gate)
        {
            if (entries.TryGetValue(id, out var node))
            {
                recency.Remove(node);
                recency.AddFirst(node);
                volume = node.Value.Volume;
                return true;
            }
        }
        volume = null!;
        return false;
    }

    /// <summary>Keeps <paramref name="volume"/> unless it alone exceeds the capacity.</summary>
    public void Add(string id, LabeledVolume volume)
    {
        var bytes = SizeOf(volume);
        lock (gate)
        {
            Remove(id);
            if (bytes > CapacityBytes) return;
            while (Bytes + bytes > CapacityBytes && recency.Last is { } oldest) Remove(oldest.Value.Id);
            entries[id] = recency.AddFirst((id, volume, bytes));
            Bytes += bytes;
        }
    }

    public void Remove(string id)
    {
        lock (gate)
        {
            if (!entries.Remove(id, out var node)) return;
            recency.Remove(node);
            Bytes -= node.Value.Bytes;
        }
    }
}
