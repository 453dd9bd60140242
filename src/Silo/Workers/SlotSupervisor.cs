namespace UNet3D.Lab.Silo.Workers;

/// <summary>
/// Keeps one training slot running until its silo stops: a slot that throws is logged at warning level and replaced
/// after a pause that doubles while it keeps failing (up to a minute).
/// </summary>
internal static class SlotSupervisor
{
    public static readonly TimeSpan FirstPause = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan LongestPause = TimeSpan.FromMinutes(1);

    /// <param name="worker">The slot's name, for the log.</param>
    /// <param name="run">Runs the slot once; returns when the silo stops.</param>
    public static async Task Supervise(string worker, Func<CancellationToken, Task> run, ILogger logger, CancellationToken stopping, TimeSpan? firstPause = null)
    {
        var pause = firstPause ?? FirstPause;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await run(stopping);
                return;
            }
            catch (Exception e) when (!stopping.IsCancellationRequested)
            {
                logger.LogWarning(e, "Training slot {Worker} failed; replacing it in {Pause}", worker, pause);
            }
            try { await Task.Delay(pause, stopping); }
            catch (OperationCanceledException) { return; }
            pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, LongestPause.Ticks));
        }
    }
}
