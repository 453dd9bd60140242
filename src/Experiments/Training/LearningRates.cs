namespace UNet3D.Lab.Experiments.Training;

public static class LearningRates
{
    /// <summary>The learning rate for <paramref name="step"/> (1-based) of <paramref name="total"/>.</summary>
    public static double At(LearningRateSchedule schedule, double baseRate, int step, int total)
    {
        var progress = total <= 1 ? 0 : (double)(step - 1) / (total - 1);
        return schedule switch
        {
            LearningRateSchedule.Constant => baseRate,
            LearningRateSchedule.Cosine => baseRate * (0.01 + 0.99 * 0.5 * (1 + Math.Cos(Math.PI * progress))),
            LearningRateSchedule.Polynomial => baseRate * Math.Max(0.01, Math.Pow(1 - progress, 0.9)),
            _ => throw new ArgumentOutOfRangeException(nameof(schedule), schedule, "Unknown learning-rate schedule."),
        };
    }
}
