using IncidentCenter.Data;
using IncidentCenter.Incidents;

namespace IncidentCenter.Notifications;

/// <summary>
/// The one call features make when something webhook-worthy happens. It adds rows to
/// <paramref name="db"/> only, so the event is saved in the caller's own transaction (nothing
/// is sent for a change that rolled back) and the caller never waits on a webhook.
/// </summary>
public static class ProcessEventOutbox
{
    public const int SummaryMaxLength = 2000;

    /// <remarks>Call it once the incident has its id (after the first SaveChanges for a new one).</remarks>
    public static void Record(AppDbContext db, ProcessEventKind kind, Incident incident, string summary, DateTime at)
    {
        if (incident.Id == 0)
        {
            throw new InvalidOperationException("Record a process event after the incident has been saved: the event needs its id.");
        }
        var text = summary.Trim();
        var snapshot = new EventSnapshot(
            ProcessEventKinds.Code(kind),
            incident.Id,
            incident.Reference,
            incident.Title,
            SeverityCatalog.Name(incident.Severity),
            incident.State.ToString(),
            text.Length <= SummaryMaxLength ? text : text[..(SummaryMaxLength - 1)] + "…",
            at);
        db.OutboxEvents.Add(new OutboxEvent { Kind = kind, IncidentId = incident.Id, Payload = snapshot.ToJson(), CreatedAt = at });
    }
}
