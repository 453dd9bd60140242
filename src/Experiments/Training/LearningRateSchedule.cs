namespace UNet3D.Lab.Experiments.Training;

/// <summary>How the learning rate moves over a run; a pure function of the step, so resuming keeps it.</summary>
public enum LearningRateSchedule
{
    Constant,

    /// <summary>Half a cosine from the base rate down to 1% of it at the last step.</summary>
    Cosine,

    /// <summary>(1 − step/total)^0.9 of the base rate, the "poly" schedule of many segmentation networks.</summary>
    Polynomial,
}
