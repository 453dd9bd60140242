using UNet3D.Lab.Experiments.Data;
using UNet3D.Lab.Silo.Datasets;
using UNet3D.Lab.Silo.Datasets.Annotations;
using UNet3D.Lab.Tests.Shared;

namespace UNet3D.Lab.Silo.Tests;

/// <summary>
/// Annotated slices in the dataset store: what training loads, what the record says, the content fingerprint that
/// decides whether suites reuse results, and a second store on the same folder (a restart) seeing the same slices.
/// </summary>
public sealed class DatasetAnnotationStoreTests : DatasetStoreTest
{
    [Fact]
    public void Annotated_slices_reach_the_loaded_labels_the_record_and_the_fingerprint_and_survive_a_restart()
    {
        var store = OpenStore();
        var info = store.Import(new DatasetImportRequest { Image = File("plain.nii", NiftiTestFiles.Image(X, Y, Z)) });
        var metadata = new StoredDatasetMetadata(store);
        Assert.False(info.HasTrainingLabels);
        Assert.Null(metadata.Fingerprint(info.Id));

        // Along y the slice is X × Z: pixel (column, row) = voxel (x = column, y = 2, z = row).
        var pixels = new byte[X * Z];
        Array.Fill(pixels, AnnotationClasses.NotAnnotated);
        pixels[1 * X + 4] = SegmentationLabels.Tubule;
        var outcome = store.PutAnnotation(info.Id, VolumeAxis.Y, 2, PngEncoder.Encode(X, Z, 1, pixels));
        Assert.Empty(outcome.Problems);
        Assert.Equal(1, outcome.Slice!.AnnotatedVoxels);

        var volume = store.Load(info.Id);
        Assert.Equal(SegmentationLabels.Tubule, volume.Labels[volume.Index(1, 2, 4)]);
        Assert.Equal(volume.Labels.Length - 1, volume.Labels.Count(l => l == SegmentationLabels.Unlabeled));
        Assert.True(store.Find(info.Id)!.HasTrainingLabels);
        var first = metadata.Fingerprint(info.Id);
        Assert.NotNull(first);

        pixels[0] = SegmentationLabels.Background;
        store.PutAnnotation(info.Id, VolumeAxis.Y, 2, PngEncoder.Encode(X, Z, 1, pixels));
        Assert.NotEqual(first, metadata.Fingerprint(info.Id));

        CloseStores();
        var restarted = OpenStore();
        Assert.Equal(1, restarted.Find(info.Id)!.AnnotatedSlices);
        Assert.Equal(SegmentationLabels.Background, restarted.Load(info.Id).Labels[volume.Index(0, 2, 0)]);
        Assert.True(restarted.DeleteAnnotation(info.Id, VolumeAxis.Y, 2));
        Assert.All(restarted.Load(info.Id).Labels, l => Assert.Equal(SegmentationLabels.Unlabeled, l));
        Assert.Null(new StoredDatasetMetadata(restarted).Fingerprint(info.Id));
    }
}
