using IncidentCenter.Notifications;
using IncidentCenter.Playbooks;
using IncidentCenter.Response;
using IncidentCenter.StatusPage;

namespace IncidentCenter.Audit;

public sealed record AuditField(string Name, string? Value, bool Secret = false);

/// <summary>
/// The audit lines' "what changed": the fields of an Admin-managed object before and after, shown
/// as "field: old → new". Secret fields (a webhook's address, which holds Slack's and Discord's
/// token, and its signing secret) are never written: only whether they were set, changed or removed.
/// Long texts (templates) are shown by length, not content.
/// </summary>
public static class AuditDescriptions
{
    public static IReadOnlyList<AuditField> Of(Webhook hook) =>
    [
        new("name", hook.Name),
        new("host", Uri.TryCreate(hook.Url, UriKind.Absolute, out var uri) ? uri.Host : "?"),
        new("address", hook.Url, Secret: true),
        new("format", hook.Format.ToString()),
        new("events", Events(hook.EventMask)),
        new("signing secret", hook.Secret, Secret: true),
        new("enabled", hook.IsEnabled ? "yes" : "no"),
    ];

    public static IReadOnlyList<AuditField> Of(SeverityPolicySetting p) =>
    [
        new("acknowledge", Minutes(p.AcknowledgeMinutes)),
        new("triage", Minutes(p.TriageMinutes)),
        new("resolve", Minutes(p.ResolveMinutes)),
        new("update every", Minutes(p.UpdateEveryMinutes)),
        new("post-mortem required", p.PostmortemRequired ? "yes" : "no"),
        new("escalate to level 2", Minutes(p.EscalateLevel2Minutes)),
        new("escalate to level 3", Minutes(p.EscalateLevel3Minutes)),
        new("escalate to level 4", Minutes(p.EscalateLevel4Minutes)),
    ];

    public static IReadOnlyList<AuditField> Of(StatusComponent c) =>
    [
        new("public name", c.PublicName),
        new("group", c.GroupName ?? ""),
        new("order", c.SortOrder.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new("on the public page", c.IsPublic ? "yes" : "no"),
    ];

    public static IReadOnlyList<AuditField> Of(ChecklistTemplate t) =>
        Of(t.Name, t.Description, t.Severities, t.Items.OrderBy(i => i.Position).Select(i => i.Text).ToList());

    public static IReadOnlyList<AuditField> Of(string name, string description, int severityMask, IReadOnlyList<string> items) =>
    [
        new("name", name),
        new("description", Length(description)),
        new("severities", string.Join(" ", Enum.GetValues<IncidentCenter.Incidents.Severity>().Where(s => (severityMask & 1 << (int)s) != 0))),
        new("items", $"{items.Count} ({string.Join("", items).Length} characters)"),
    ];

    public static string Created(string label, IReadOnlyList<AuditField> after) =>
        $"{label} created: " + string.Join("; ", after.Select(f => $"{f.Name} {Show(f, f.Value)}"));

    public static string Deleted(string label, IReadOnlyList<AuditField> before) =>
        $"{label} deleted (was: " + string.Join("; ", before.Where(f => !f.Secret).Select(f => $"{f.Name} {f.Value}")) + ")";

    /// <summary>Only the fields that differ; an empty <paramref name="before"/> means a new object.</summary>
    public static string Changed(string label, IReadOnlyList<AuditField> before, IReadOnlyList<AuditField> after)
    {
        if (before.Count == 0)
        {
            return Created(label, after);
        }
        var changes = after.Zip(before)
            .Where(p => p.First.Value != p.Second.Value)
            .Select(p => p.First.Secret
                ? $"{p.First.Name} {(p.Second.Value is null or "" ? "set" : p.First.Value is null or "" ? "removed" : "changed")}"
                : $"{p.First.Name} {Show(p.First, p.Second.Value)} → {Show(p.First, p.First.Value)}")
            .ToList();
        return changes.Count == 0 ? $"{label}: saved without changes" : $"{label}: " + string.Join("; ", changes);
    }

    /// <summary>A long text's change by length, never its content.</summary>
    public static string TextChange(string label, string nameBefore, string textBefore, string textAfter) =>
        textBefore.Length == 0 && nameBefore.Length == 0 ? $"{label} created ({Length(textAfter)})"
        : textBefore == textAfter ? $"{label}: text unchanged{(nameBefore.Length > 0 ? $", name was \"{nameBefore}\"" : "")}"
        : $"{label}: text {Length(textBefore)} → {Length(textAfter)}";

    private static string Show(AuditField field, string? value) => field.Secret ? (string.IsNullOrEmpty(value) ? "none" : "set") : value ?? "";

    private static string Length(string text) => $"{text.Length} characters";

    private static string Minutes(int? minutes) => minutes is { } m ? $"{m} min" : "none";

    private static string Events(int mask) =>
        string.Join(" ", Enum.GetValues<ProcessEventKind>().Where(k => (mask & Webhook.Bit(k)) != 0));
}
