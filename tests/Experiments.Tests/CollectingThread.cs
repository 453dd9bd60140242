namespace UNet3D.Lab.Experiments.Tests;

/// <summary>
/// A thread that runs full garbage collections and finalizers without pause until disposed: it makes a Scalar that
/// TorchSharp can finalize mid-call (docs/engine.md, "Scalars and the garbage collector") likely to be.
/// </summary>
internal sealed class CollectingThread : IDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly Thread thread;

    public CollectingThread()
    {
        thread = new Thread(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }
        });
        thread.Start();
    }

    public void Dispose()
    {
        stop.Cancel();
        thread.Join();
        stop.Dispose();
    }
}
