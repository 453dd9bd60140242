namespace UNet3D.Lab.Silo.Workers;

/// <summary>
/// Where the training thread waits, before a checkpoint replaces the previous one, until the slot has stored the
/// points of every step up to it with the experiment (<see cref="Experiments.Training.CheckpointOptions.BeforeCommit"/>).
/// This keeps the invariant that makes a resumed run's series hold every step exactly once: a checkpoint on disk
/// never covers a step whose points are not stored.
/// </summary>
internal sealed class CheckpointCommits
{
    private readonly Lock gate = new();
    private TaskCompletionSource<bool>? waiting;
    private TaskCompletionSource asked = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the training thread waits for a commit: the slot should flush its points now.</summary>
    public Task Asked
    {
        get { lock (gate) return asked.Task; }
    }

    /// <summary>
    /// On the slot, before it takes the points to flush: the training thread's request, if it waits. Its points were
    /// queued before it asked, so a flush that starts after this call carries them.
    /// </summary>
    public object? Pending()
    {
        lock (gate) return waiting;
    }

    /// <summary>On the training thread: blocks until the slot says the points are stored; throws when it refuses or on cancel.</summary>
    public void WaitUntilStored(CancellationToken cancellation)
    {
        var answer = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (gate)
        {
            waiting = answer;
            asked.TrySetResult();
        }
        if (!answer.Task.WaitAsync(cancellation).GetAwaiter().GetResult())
            throw new OperationCanceledException("The experiment refused the points of this checkpoint; it is not committed.");
    }

    /// <summary>On the slot, after that flush: <paramref name="stored"/> when the experiment took every point it carried.</summary>
    public void Answer(object? request, bool stored)
    {
        lock (gate)
        {
            if (request is null || !ReferenceEquals(request, waiting)) return;
            waiting.TrySetResult(stored);
            waiting = null;
            asked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }
}
