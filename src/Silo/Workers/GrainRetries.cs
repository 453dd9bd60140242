using Polly;
using Polly.Retry;

namespace UNet3D.Lab.Silo.Workers;

/// <summary>
/// How a training slot calls grains: a call that fails (a timeout, a silo restarting, a storage hiccup) is tried
/// again after a growing, jittered delay. Cancellation is never retried: it means the slot is stopping.
/// </summary>
internal static class GrainRetries
{
    /// <summary>Reports: a few tries within about half a minute, then the caller decides.</summary>
    public static ResiliencePipeline Reports(ILogger logger) => Build(logger, attempts: 6, LogLevel.Warning);

    /// <summary>
    /// The outcome of a finished training: tried until it is delivered or the slot stops, so that a trained
    /// model is never lost or marked failed because its grain was unreachable for a while.
    /// </summary>
    public static ResiliencePipeline Outcomes(ILogger logger) => Build(logger, attempts: int.MaxValue, LogLevel.Error);

    private static ResiliencePipeline Build(ILogger logger, int attempts, LogLevel level) =>
        new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(e => e is not OperationCanceledException),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(200),
                MaxDelay = TimeSpan.FromSeconds(15),
                MaxRetryAttempts = attempts,
                OnRetry = retry =>
                {
                    logger.Log(level, retry.Outcome.Exception, "Grain call failed (try {Attempt}); trying again in {Delay}",
                        retry.AttemptNumber + 1, retry.RetryDelay);
                    return default;
                },
            })
            .Build();
}
