using UNet3D.Lab.Experiments.Data;
using UNet3D.Lab.Experiments.Metrics;

namespace UNet3D.Lab.Experiments.Tests;

public sealed class SegmentationMetricsTests
{
    [Fact]
    public void IoU_and_Dice_match_hand_counts()
    {
        // Truth:      1 1 1 1 2 2 2 2 0 0
        // Prediction: 1 1 1 2 2 2 1 1 0 2
        byte[] truth = [1, 1, 1, 1, 2, 2, 2, 2, 0, 0];
        byte[] predicted = [1, 1, 1, 2, 2, 2, 1, 1, 0, 2];
        var matrix = new ConfusionMatrix(3);
        matrix.Add(truth, predicted);

        // Class 1: TP 3, FP 2, FN 1 → IoU 3/6, Dice 6/9.
        Assert.Equal(0.5, matrix.IntersectionOverUnion(1), 12);
        Assert.Equal(6.0 / 9, matrix.Dice(1), 12);
        // Class 2: TP 2, FP 2 (one 1→2, one 0→2), FN 2 → IoU 2/6.
        Assert.Equal(2.0 / 6, matrix.IntersectionOverUnion(2), 12);
        // Class 0: TP 1, FP 0, FN 1 → IoU 1/2.
        Assert.Equal(0.5, matrix.IntersectionOverUnion(0), 12);
    }

    [Fact]
    public void Unlabeled_truth_and_excluded_voxels_are_not_counted()
    {
        byte[] truth = [1, SegmentationLabels.Unlabeled, 1, 2];
        byte[] predicted = [1, 2, 2, 2];
        var matrix = new ConfusionMatrix(3);
        matrix.Add(truth, predicted, include: i => i != 2);
        Assert.Equal(2, matrix.Total);
        Assert.Equal(1.0, matrix.IntersectionOverUnion(1), 12);
    }

    [Fact]
    public void Headline_defaults_to_the_tubule_class()
    {
        var matrix = new ConfusionMatrix(3);
        matrix.Add([0, 1, 1, 2], [0, 1, 2, 2]);
        var score = SegmentationScore.From("S1", matrix);
        Assert.Equal([1], score.HeadlineClasses);
        Assert.Equal(0.5, score.HeadlineIoU, 12);
    }

    [Fact]
    public void Class_absent_from_truth_and_prediction_has_undefined_IoU()
    {
        var matrix = new ConfusionMatrix(3);
        matrix.Add([2, 2], [2, 2]);
        Assert.True(double.IsNaN(matrix.IntersectionOverUnion(0)));
    }
}
