using IncidentCenter.Incidents;

namespace IncidentCenter.Notifications;

/// <summary>Runs the dispatcher in the background: woken by incident changes and Admin actions, otherwise polling.</summary>
public sealed class WebhookWorker(WebhookDispatcher dispatcher, IncidentNotifier notifier, TimeProvider clock, ILogger<WebhookWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Services publish after their transaction commits, so the event is in the outbox by then.
        using var subscription = notifier.SubscribeAll(_ =>
        {
            dispatcher.Wake();
            return Task.CompletedTask;
        });
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await dispatcher.RunDueAsync(clock.GetUtcNow().UtcDateTime, stoppingToken);
                await dispatcher.WaitForWorkAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Sending webhooks failed; trying again shortly.");
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(5), stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
    }
}
