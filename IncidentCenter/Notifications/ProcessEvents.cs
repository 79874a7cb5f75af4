using IncidentCenter.Data;
using IncidentCenter.Incidents;

namespace IncidentCenter.Notifications;

/// <summary>What Admins can subscribe webhooks to.</summary>
public enum ProcessEventKind
{
    Declared = 1,
    SeverityChanged = 2,
    Escalated = 3,
    StatusUpdatePublished = 4,
    Resolved = 5,
}

/// <summary>
/// The one call features make when something webhook-worthy happens. It adds rows to
/// <paramref name="db"/> only, so the event is saved in the caller's own transaction (nothing
/// is sent for a change that rolled back) and the caller never waits on a webhook.
/// </summary>
public static class ProcessEvents
{
    public static void Record(AppDbContext db, ProcessEventKind kind, Incident incident, string summary, DateTime at)
    {
        // Filled in by the webhook feature: an outbox row that the delivery worker fans out.
        _ = (db, kind, incident, summary, at);
    }
}
