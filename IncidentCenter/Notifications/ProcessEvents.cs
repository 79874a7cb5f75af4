using System.Text.Json;
using System.Text.Json.Serialization;
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

public static class ProcessEventKinds
{
    public static readonly IReadOnlyList<ProcessEventKind> All = Enum.GetValues<ProcessEventKind>();

    public static string Label(ProcessEventKind kind) => kind switch
    {
        ProcessEventKind.Declared => "Incident declared",
        ProcessEventKind.SeverityChanged => "Severity changed",
        ProcessEventKind.Escalated => "Escalated",
        ProcessEventKind.StatusUpdatePublished => "Status update published",
        ProcessEventKind.Resolved => "Incident resolved",
        _ => kind.ToString(),
    };

    /// <summary>The name in the generic JSON body: snake_case, stable for receivers.</summary>
    public static string Code(ProcessEventKind kind) => kind switch
    {
        ProcessEventKind.Declared => "declared",
        ProcessEventKind.SeverityChanged => "severity_changed",
        ProcessEventKind.Escalated => "escalated",
        ProcessEventKind.StatusUpdatePublished => "status_update_published",
        ProcessEventKind.Resolved => "resolved",
        _ => kind.ToString().ToLowerInvariant(),
    };
}

/// <summary>The incident as it was when the event happened; webhook bodies are rendered from it.</summary>
public sealed record EventSnapshot(
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("incident_id")] int? IncidentId,
    [property: JsonPropertyName("incident_ref")] string? IncidentRef,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("severity")] string? Severity,
    [property: JsonPropertyName("state")] string? State,
    [property: JsonPropertyName("summary")] string Summary,
    [property: JsonPropertyName("occurred_at")] DateTime OccurredAt)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static EventSnapshot FromJson(string json) =>
        JsonSerializer.Deserialize<EventSnapshot>(json, Json) ?? throw new InvalidOperationException("An outbox event has an empty payload.");
}

/// <summary>
/// The one call features make when something webhook-worthy happens. It adds rows to
/// <paramref name="db"/> only, so the event is saved in the caller's own transaction (nothing
/// is sent for a change that rolled back) and the caller never waits on a webhook.
/// </summary>
public static class ProcessEvents
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
