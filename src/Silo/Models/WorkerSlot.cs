namespace UNet3D.Lab.Silo.Models;

/// <summary>A training slot as the queue knows it: its name, the silo it runs in and the device it trains on.</summary>
/// <param name="Silo">The silo's address as <c>SiloAddress.ToParsableString</c> writes it: what cluster membership names.</param>
/// <param name="Device"><c>cpu</c> or <c>cuda:N</c>, as <c>TorchDevices.Describe</c> writes it.</param>
[GenerateSerializer, Immutable]
public sealed record WorkerSlot([property: Id(0)] string Worker, [property: Id(1)] string Silo, [property: Id(2)] string Device)
{
    public bool HasGpu => Device.StartsWith("cuda", StringComparison.Ordinal);
}
