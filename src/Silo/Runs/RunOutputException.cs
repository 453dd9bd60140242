namespace UNet3D.Lab.Silo.Runs;

/// <summary>Why a run's prediction or weights cannot be served: <see cref="Status"/> is the HTTP status that says so (404, 409, 400).</summary>
public sealed class RunOutputException(int status, string field, string message) : Exception(message)
{
    public int Status { get; } = status;

    /// <summary>The request part at fault (a route value or form field).</summary>
    public string Field { get; } = field;
}
