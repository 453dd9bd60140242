using System.Globalization;

namespace UNet3D.Lab.Experiments.Protocols;

/// <summary>
/// The three claims a reproduction can check (docs/paper.md, "Claims a reproduction can check"), each
/// with an explicit rule on the table's means:
/// (1) 3D beats 2D — Table 1 and Table 3: the average IoU of 3D with BN exceeds that of 2D with BN;
/// (2) IoU grows with the number of annotated slices — Table 2: the mean IoU over the datasets never decreases from
/// one setting to the next and the last exceeds the first;
/// (3) BN helps in the semi-automated setting — Table 1: the average IoU of 3D with BN exceeds that of 3D w/o BN;
/// and can hurt on an outlier volume — Table 3: 3D with BN scores below 3D w/o BN on at least one test volume (the
/// volume with the largest drop is named).
/// </summary>
public static class PaperClaims
{
    private static readonly string ThreeDBn = ProtocolModel.ThreeDWithBatchNorm.Label;
    private static readonly string ThreeDNoBn = ProtocolModel.ThreeDWithoutBatchNorm.Label;
    private static readonly string TwoDBn = ProtocolModel.TwoDWithBatchNorm.Label;

    public static IReadOnlyList<ClaimCheck> Check(ResultTable table) => table.Table switch
    {
        1 =>
        [
            Compare(table, 1, "3D beats 2D (semi-automated, Table 1)", ThreeDBn, TwoDBn),
            Compare(table, 3, "BN helps in the semi-automated setting (Table 1)", ThreeDBn, ThreeDNoBn),
        ],
        2 => [Grows(table)],
        3 =>
        [
            Compare(table, 1, "3D beats 2D (fully-automated, Table 3)", ThreeDBn, TwoDBn),
            CanHurt(table),
        ],
        _ => [],
    };

    private static ClaimCheck Compare(ResultTable table, int number, string claim, string better, string worse)
    {
        var rule = $"holds when the average IoU of {better} exceeds that of {worse}";
        var row = table.Rows.Single(r => r.IsAverage);
        var b = table.Columns.ToList().IndexOf(better);
        var w = table.Columns.ToList().IndexOf(worse);
        string Side(double? x, double? y) => x is { } a && y is { } c ? $"{better} {F(a)} vs {worse} {F(c)} ({Signed(a - c)})" : "not finished";
        var (ours1, ours2) = (row.Cells[b].Ours?.Mean, row.Cells[w].Ours?.Mean);
        var (paper1, paper2) = (row.Cells[b].Paper, row.Cells[w].Paper);
        return new ClaimCheck(number, claim, rule, Greater(ours1, ours2), $"ours: {Side(ours1, ours2)}; paper: {Side(paper1, paper2)}", Greater(paper1, paper2));
    }

    private static ClaimCheck Grows(ResultTable table)
    {
        const string claim = "IoU grows with the number of annotated slices (Table 2)";
        var rule = $"holds when the mean IoU over the datasets never decreases from one setting to the next ({string.Join(" → ", table.Layout.Rows.Select(r => $"({r})"))}) and the last exceeds the first";
        var mean = table.Columns.Count - 1;
        var ours = table.Rows.Select(r => r.Cells[mean].Ours?.Mean).ToArray();
        var paper = table.Rows.Select(r => r.Cells[mean].Paper).ToArray();
        string Series(double?[] values) => values.All(v => v.HasValue)
            ? string.Join(" → ", values.Select(v => F(v!.Value))) + " (steps " + string.Join(", ", values.Zip(values.Skip(1), (a, b) => Signed(b!.Value - a!.Value))) + ")"
            : "not finished";
        static ClaimVerdict Verdict(double?[] values)
        {
            if (values.Length < 2 || values.Any(v => v is null)) return ClaimVerdict.Undetermined;
            var nonDecreasing = values.Zip(values.Skip(1), (a, b) => b >= a).All(x => x);
            return nonDecreasing && values[^1] > values[0] ? ClaimVerdict.Holds : ClaimVerdict.DoesNotHold;
        }
        return new ClaimCheck(2, claim, rule, Verdict(ours), $"ours: mean IoU {Series(ours)}; paper: {Series(paper)}", Verdict(paper));
    }

    private static ClaimCheck CanHurt(ResultTable table)
    {
        const string claim = "BN can hurt on a test volume that differs strongly from the training volumes (Table 3)";
        var rule = $"holds when {ThreeDBn} scores below {ThreeDNoBn} on at least one test volume; the volume with the largest drop is named";
        var bn = table.Columns.ToList().IndexOf(ThreeDBn);
        var noBn = table.Columns.ToList().IndexOf(ThreeDNoBn);
        var volumes = table.Rows.Where(r => !r.IsAverage).ToArray();

        (ClaimVerdict, string) Judge(Func<ResultCell, double?> value)
        {
            var pairs = volumes.Select(r => (r.Label, With: value(r.Cells[bn]), Without: value(r.Cells[noBn]))).ToArray();
            if (pairs.Length == 0 || pairs.Any(p => p.With is null || p.Without is null)) return (ClaimVerdict.Undetermined, "not finished");
            var worst = pairs.MinBy(p => p.With!.Value - p.Without!.Value);
            var change = worst.With!.Value - worst.Without!.Value;
            var text = change < 0
                ? $"largest drop on {worst.Label}: {ThreeDBn} {F(worst.With.Value)} vs {ThreeDNoBn} {F(worst.Without.Value)} ({Signed(change)})"
                : $"{ThreeDBn} is at least as good on every volume (smallest change {Signed(change)} on {worst.Label})";
            return (change < 0 ? ClaimVerdict.Holds : ClaimVerdict.DoesNotHold, text);
        }

        var (ours, oursText) = Judge(c => c.Ours?.Mean);
        var (paper, paperText) = Judge(c => c.Paper);
        return new ClaimCheck(3, claim, rule, ours, $"ours: {oursText}; paper: {paperText}", paper);
    }

    private static ClaimVerdict Greater(double? a, double? b) =>
        a is { } x && b is { } y ? (x > y ? ClaimVerdict.Holds : ClaimVerdict.DoesNotHold) : ClaimVerdict.Undetermined;

    private static string F(double value) => value.ToString("F3", CultureInfo.InvariantCulture);

    private static string Signed(double value) => (value >= 0 ? "+" : "") + value.ToString("F3", CultureInfo.InvariantCulture);
}
