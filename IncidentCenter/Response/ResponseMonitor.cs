namespace IncidentCenter.Response;

/// <summary>Runs <see cref="ResponseEvaluator"/> every <see cref="Period"/> on the app's TimeProvider.</summary>
public sealed class ResponseMonitor(ResponseEvaluator evaluator, TimeProvider clock, ILogger<ResponseMonitor> logger) : BackgroundService
{
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(15);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Period, clock);
        do
        {
            try
            {
                await evaluator.EvaluateAsync(clock.GetUtcNow().UtcDateTime, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A failed round (database busy, disk full) is logged; the next round tries again.
                logger.LogError(ex, "Evaluating response targets failed.");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
