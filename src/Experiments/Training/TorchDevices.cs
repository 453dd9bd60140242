using static TorchSharp.torch;

namespace UNet3D.Lab.Experiments.Training;

/// <summary>Picks where tensors live: a GPU when one is usable, else the CPU.</summary>
public static class TorchDevices
{
    /// <summary>
    /// <paramref name="preference"/>: "auto" (CUDA when available, else CPU), "cpu", "cuda" or "cuda:N".
    /// Asking for CUDA where none is available is an error, not a silent fallback.
    /// </summary>
    public static Device Select(string? preference)
    {
        var wanted = string.IsNullOrWhiteSpace(preference) ? "auto" : preference.Trim().ToLowerInvariant();
        if (wanted == "auto") return cuda.is_available() ? CUDA : CPU;
        if (wanted == "cpu") return CPU;
        if (wanted.StartsWith("cuda", StringComparison.Ordinal))
        {
            if (!cuda.is_available())
                throw new InvalidOperationException($"Device '{preference}' was requested but CUDA is not available (libtorch-cpu build, or no GPU/driver).");
            var device = new Device(wanted);
            if (device.index >= cuda.device_count())
                throw new InvalidOperationException($"Device '{preference}' was requested but only {cuda.device_count()} CUDA device(s) exist.");
            return device;
        }
        throw new ArgumentException($"Unknown device '{preference}'; use auto, cpu, cuda or cuda:N.", nameof(preference));
    }

    public static string Describe(Device device) => device.type == DeviceType.CUDA ? $"cuda:{Math.Max(0, device.index)}" : "cpu";
}
