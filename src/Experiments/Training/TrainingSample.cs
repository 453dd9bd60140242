namespace UNet3D.Lab.Experiments.Training;

/// <summary>A volume to learn from: its image and what was annotated in it.</summary>
public sealed record TrainingSample(LabeledVolume Volume, SparseAnnotation Annotation)
{
    public TrainingSample Validate()
    {
        if (Volume.Shape != Annotation.Shape)
            throw new ArgumentException($"Sample '{Volume.Name}': image is {Volume.Shape} but annotation is {Annotation.Shape}.", nameof(Annotation));
        if (Annotation.LabeledVoxels == 0)
            throw new ArgumentException($"Sample '{Volume.Name}' has no labelled voxel to learn from.", nameof(Annotation));
        return this;
    }
}
