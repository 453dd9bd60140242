using UNet3D.Lab.Experiments.Protocols;

namespace UNet3D.Lab.Web.Compare;

/// <summary>
/// The paired difference of two groups' per-sample IoU (first − second): each run of the first group is paired with a
/// run of the second whose configuration is the same but for the grouped field (so the same seed and the same other
/// settings), and each sample both measured is a pair. The mean difference has a 95% Student-t interval
/// (<see cref="PairedDifference"/>); runs without a partner are counted, not used.
/// </summary>
public sealed record GroupPairing(string Field, string First, string Second, IReadOnlyList<SamplePair> Pairs, PairedDifference? Difference, int UnpairedRuns)
{
    public static GroupPairing Of(string field, CompareGroup first, CompareGroup second)
    {
        var partners = second.Runs.ToList();
        var pairs = new List<SamplePair>();
        var unpaired = 0;
        foreach (var run in first.Runs)
        {
            var key = KeyOf(run, field);
            var partner = partners.FirstOrDefault(p => KeyOf(p, field) == key);
            if (partner is null)
            {
                unpaired++;
                continue;
            }
            partners.Remove(partner);
            foreach (var (sample, iou) in run.Metrics.Samples)
                if (partner.Metrics.Samples.FirstOrDefault(s => s.Sample == sample) is { Sample: not null } other && double.IsFinite(iou) && double.IsFinite(other.IoU))
                    pairs.Add(new SamplePair(sample, run.Seed, run, partner, iou, other.IoU));
        }
        unpaired += partners.Count;
        return new GroupPairing(field, first.Value, second.Value, pairs, PairedDifference.Of(pairs.Select(p => (p.FirstIou, p.SecondIou))), unpaired);
    }

    /// <summary>Every configuration field but the grouped one and the name, as one text.</summary>
    private static string KeyOf(CompareRun run, string field) =>
        string.Join('\n', run.Fields.Where(f => f.Key != field && f.Key != ConfigDiff.NameField).OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key}={f.Value}"));
}
