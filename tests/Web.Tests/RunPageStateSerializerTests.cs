using System.Buffers;
using UNet3D.Lab.Experiments.Runs;
using UNet3D.Lab.Silo.Json;
using UNet3D.Lab.Silo.Models;
using UNet3D.Lab.Silo.Runs;
using UNet3D.Lab.Web.Services;

namespace UNet3D.Lab.Web.Tests;

/// <summary>
/// The runs table's first page as it travels from the prerender to the circuit: read back as written (NaN included),
/// and handed over only when it fits the circuit's first message, which a larger state would end.
/// </summary>
public sealed class RunPageStateSerializerTests
{
    private readonly RunPageStateSerializer serializer = new();

    [Fact]
    public void A_page_is_read_back_as_it_was_written_nan_and_nulls_included()
    {
        var page = new RunPage([Row(0) with { FinalLoss = double.NaN, MeanIou = null }, Row(1)], 1234);
        var buffer = new ArrayBufferWriter<byte>();
        serializer.Persist(page, buffer);

        var read = serializer.Restore(new ReadOnlySequence<byte>(buffer.WrittenMemory));

        Assert.True(LabJson.SameContent(page, read));
        Assert.True(double.IsNaN(read.Items[0].FinalLoss!.Value));
        Assert.Null(read.Items[0].MeanIou);
        Assert.Equal(1234, read.Total);
    }

    [Theory]
    [InlineData(25, true)]
    [InlineData(50, true)]
    [InlineData(100, true)]
    [InlineData(200, false)]
    public void Pages_of_the_sizes_offered_fit_the_circuits_first_message_and_the_largest_a_link_may_ask_for_does_not(int rows, bool fits)
    {
        var page = new RunPage(Enumerable.Range(0, rows).Select(Row).ToArray(), 2000);
        Assert.Equal(fits, RunPageStateSerializer.Fits(page));
    }

    // A run with every field the table shows, its strings as long as the lab's runs commonly have.
    private static RunRow Row(int i) => new()
    {
        Id = $"exp-{i:0000000000}",
        Name = $"table 1 · subset 1 · 3D with BN · seed {i}",
        Status = ExperimentStatus.Completed,
        Model = ModelKind.ThreeD,
        BatchNorm = true,
        Preset = "cpu",
        Seed = i,
        AnnotatedSlices = [2, 2, 2],
        Datasets = ["phantom-cpu-s1", "phantom-cpu-s2", "phantom-cpu-s3"],
        Tags = ["baseline", "seed-sweep"],
        Ablations = ["abl-0123456789"],
        CreatedAt = DateTimeOffset.UnixEpoch.AddDays(20_000 + i),
        StartedAt = DateTimeOffset.UnixEpoch.AddDays(20_000 + i).AddSeconds(3),
        FinishedAt = DateTimeOffset.UnixEpoch.AddDays(20_000 + i).AddMinutes(20),
        Duration = 1183.123456789,
        Step = 2000,
        TotalSteps = 2000,
        MeanIou = 0.712345678901,
        FinalLoss = 0.2134567890123,
        BestValidationIou = 0.7234567890123,
        HasNote = i % 2 == 0,
    };
}
