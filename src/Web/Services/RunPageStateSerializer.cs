using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Components;
using UNet3D.Lab.Silo.Runs;

namespace UNet3D.Lab.Web.Services;

/// <summary>
/// A page of the runs table as persisted from the prerender to the interactive circuit: in the lab's JSON dialect,
/// because a run's values may be NaN, which the framework's default JSON refuses. The state travels back to the server in
/// the message that starts the circuit, so it must fit in that message: see <see cref="Fits"/>.
/// </summary>
public sealed class RunPageStateSerializer : PersistentComponentStateSerializer<RunPage>
{
    /// <summary>
    /// The largest message the lab's circuits accept from a browser (SignalR's default is 32 KB, which the first page
    /// of the runs table already exceeds once persisted).
    /// </summary>
    public const int MaxCircuitMessageBytes = 256 * 1024;

    public override void Persist(RunPage value, IBufferWriter<byte> writer)
    {
        using var json = new Utf8JsonWriter(writer);
        JsonSerializer.Serialize(json, value, LabJson.Options);
    }

    public override RunPage Restore(ReadOnlySequence<byte> data)
    {
        var reader = new Utf8JsonReader(data);
        return JsonSerializer.Deserialize<RunPage>(ref reader, LabJson.Options)
            ?? throw new JsonException("the persisted page of runs is null");
    }

    /// <summary>
    /// Whether <paramref name="page"/>, persisted, leaves the circuit's first message within its limit: the state is
    /// written as base64 twice (once in the state's dictionary, once after it is protected), a little under twice its
    /// JSON, and the message also carries the page's component descriptors. A state too large would end the circuit.
    /// </summary>
    public static bool Fits(RunPage page) =>
        JsonSerializer.SerializeToUtf8Bytes(page, LabJson.Options).Length * 2 + 32 * 1024 <= MaxCircuitMessageBytes;
}
