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
