using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using IncidentCenter.Incidents;

namespace IncidentCenter.Intake;

/// <summary>One alert, whichever payload it came in.</summary>
public sealed record IntakeAlert(
    string Source,
    string Fingerprint,
    bool Firing,
    string Name,
    string Title,
    string? SeverityText,
    string? ServiceName,
    string? Description,
    DateTime? StartsAt,
    DateTime? EndsAt,
    string? GeneratorUrl,
    IReadOnlyDictionary<string, string> Labels);

/// <summary>A payload that cannot be taken; the message says what is wrong and goes back in a 400.</summary>
public sealed class BadPayloadException(string message) : Exception(message);

/// <summary>
/// Reads the two payloads the alert endpoints accept: Prometheus Alertmanager's webhook (version "4")
/// and a minimal generic JSON form. Either all of a payload is understood or none of it is used.
/// </summary>
public static class AlertPayloads
{
    public const int MaxAlerts = 1000;

    /// <summary>Longest severity or service label taken into the timeline text; the rest is clipped.</summary>
    public const int LabelMaxLength = 100;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { AllowTrailingCommas = true };

    public sealed class AlertmanagerPayload
    {
        public string? Version { get; set; }
        public string? GroupKey { get; set; }
        public int? TruncatedAlerts { get; set; }
        public string? Status { get; set; }
        public string? Receiver { get; set; }
        public Dictionary<string, string>? GroupLabels { get; set; }
        public Dictionary<string, string>? CommonLabels { get; set; }
        public Dictionary<string, string>? CommonAnnotations { get; set; }
        public string? ExternalURL { get; set; }
        public List<AlertmanagerAlert?>? Alerts { get; set; }
    }

    public sealed class AlertmanagerAlert
    {
        public string? Status { get; set; }
        public Dictionary<string, string>? Labels { get; set; }
        public Dictionary<string, string>? Annotations { get; set; }
        public DateTimeOffset? StartsAt { get; set; }
        public DateTimeOffset? EndsAt { get; set; }
        public string? GeneratorURL { get; set; }
        public string? Fingerprint { get; set; }
    }

    public sealed class GenericPayload
    {
        public string? Title { get; set; }
        public string? Severity { get; set; }
        public string? Service { get; set; }
        public string? Fingerprint { get; set; }
        public string? Status { get; set; }
        public string? Description { get; set; }
    }

    public static IReadOnlyList<IntakeAlert> ParseAlertmanager(ReadOnlyMemory<byte> body)
    {
        var payload = Deserialize<AlertmanagerPayload>(body, "an Alertmanager webhook payload");
        if (payload.Version is not null && payload.Version != "4")
        {
            throw new BadPayloadException($"\"version\" is \"{payload.Version}\"; this endpoint reads Alertmanager webhook payloads of version \"4\".");
        }
        if (payload.Alerts is null)
        {
            throw new BadPayloadException("\"alerts\" is missing: an Alertmanager payload lists its alerts in an \"alerts\" array.");
        }
        if (payload.Alerts.Count > MaxAlerts)
        {
            throw new BadPayloadException($"\"alerts\" has {payload.Alerts.Count} alerts; at most {MaxAlerts} are taken per payload (set max_alerts in Alertmanager's webhook_config).");
        }
        var result = new List<IntakeAlert>(payload.Alerts.Count);
        for (var i = 0; i < payload.Alerts.Count; i++)
        {
            var a = payload.Alerts[i] ?? throw new BadPayloadException($"alerts[{i}] is null.");
            var firing = Status(a.Status, $"alerts[{i}].status");
            if (a.Labels is null)
            {
                throw new BadPayloadException($"alerts[{i}].labels is missing.");
            }
            var labels = Merge(payload.CommonLabels, a.Labels);
            var annotations = Merge(payload.CommonAnnotations, a.Annotations);
            var name = Value(labels, "alertname") ?? "Alert";
            var title = Value(annotations, "summary") ?? Value(annotations, "title") ?? name;
            var fingerprint = Clean(a.Fingerprint) ?? LabelFingerprint(labels);
            result.Add(new IntakeAlert(
                "alertmanager",
                Limit(fingerprint, AlertLink.FingerprintMaxLength, $"alerts[{i}].fingerprint"),
                firing,
                Clip(name, AlertLink.NameMaxLength)!,
                Clip(title, DeclareIncident.TitleMaxLength)!,
                Clip(Value(labels, "severity"), LabelMaxLength),
                Clip(Value(labels, "service") ?? Value(labels, "job"), LabelMaxLength),
                Describe(annotations, labels, a.GeneratorURL),
                RealTime(a.StartsAt),
                RealTime(a.EndsAt),
                Clean(a.GeneratorURL),
                labels));
        }
        return result;
    }

    public static IReadOnlyList<IntakeAlert> ParseGeneric(ReadOnlyMemory<byte> body)
    {
        var p = Deserialize<GenericPayload>(body, "a generic alert (title, fingerprint, status, and optionally severity, service, description)");
        var missing = new[] { ("title", p.Title), ("fingerprint", p.Fingerprint), ("status", p.Status) }
            .Where(f => Clean(f.Item2) is null).Select(f => $"\"{f.Item1}\"").ToList();
        if (missing.Count > 0)
        {
            throw new BadPayloadException($"Missing {string.Join(", ", missing)}: a generic alert needs a title, a fingerprint and a status (firing or resolved).");
        }
        var firing = Status(p.Status, "status");
        var title = Clean(p.Title)!;
        return
        [
            new IntakeAlert("generic", Limit(Clean(p.Fingerprint)!, AlertLink.FingerprintMaxLength, "fingerprint"), firing,
                Clip(title, AlertLink.NameMaxLength)!, Clip(title, DeclareIncident.TitleMaxLength)!, Clip(Clean(p.Severity), LabelMaxLength), Clip(Clean(p.Service), LabelMaxLength),
                Clean(p.Description), null, null, null, new Dictionary<string, string>()),
        ];
    }

    /// <summary>
    /// Alert label severity → incident severity. critical → SEV1; high/error/page → SEV2; warning → SEV3;
    /// info/low → SEV4 (SEVn and Pn are read as themselves). Null when the label is missing or unknown.
    /// </summary>
    public static Severity? MapSeverity(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "critical" or "crit" or "fatal" or "emergency" or "disaster" or "sev1" or "p1" or "1" => Severity.Sev1,
        "high" or "error" or "page" or "major" or "sev2" or "p2" or "2" => Severity.Sev2,
        "warning" or "warn" or "medium" or "minor" or "average" or "sev3" or "p3" or "3" => Severity.Sev3,
        "info" or "information" or "low" or "notice" or "none" or "sev4" or "p4" or "4" => Severity.Sev4,
        _ => null,
    };

    /// <summary>Without a fingerprint from the sender, the sorted label set identifies the alert (as Alertmanager's own does).</summary>
    public static string LabelFingerprint(IReadOnlyDictionary<string, string> labels)
    {
        var text = string.Join("\n", labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}"));
        return "labels:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
    }

    private static T Deserialize<T>(ReadOnlyMemory<byte> body, string what) where T : class
    {
        if (body.IsEmpty)
        {
            throw new BadPayloadException($"The body is empty; send {what} as JSON.");
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, new JsonDocumentOptions { AllowTrailingCommas = true, MaxDepth = 32 });
        }
        catch (JsonException ex)
        {
            var line = ex.LineNumber is { } l ? $" (line {l + 1}, byte {ex.BytePositionInLine + 1})" : "";
            throw new BadPayloadException($"The body is not valid JSON{line}.");
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new BadPayloadException($"The body must be a JSON object: {what}.");
            }
            try
            {
                return document.Deserialize<T>(Json) ?? throw new BadPayloadException($"The body is null; send {what} as JSON.");
            }
            catch (JsonException ex)
            {
                var where = string.IsNullOrEmpty(ex.Path) || ex.Path == "$" ? "" : $" at {ex.Path}";
                throw new BadPayloadException($"The body is not {what}: the value{where} has the wrong type.");
            }
        }
    }

    private static bool Status(string? status, string field) => Clean(status)?.ToLowerInvariant() switch
    {
        "firing" => true,
        "resolved" => false,
        null => throw new BadPayloadException($"{field} is missing: it must be \"firing\" or \"resolved\"."),
        _ => throw new BadPayloadException($"{field} is \"{status}\": it must be \"firing\" or \"resolved\"."),
    };

    private static Dictionary<string, string> Merge(Dictionary<string, string>? common, Dictionary<string, string>? own)
    {
        var merged = new Dictionary<string, string>(common ?? [], StringComparer.Ordinal);
        foreach (var (k, v) in own ?? [])
        {
            merged[k] = v;
        }
        return merged;
    }

    private static string? Value(IReadOnlyDictionary<string, string> map, string key) =>
        map.TryGetValue(key, out var v) ? Clean(v) : null;

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>Names and titles enter timeline text: longer ones are cut to the field's limit, marked with "…".</summary>
    public static string? Clip(string? text, int max) =>
        text is null || text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1), "…");

    private static string Limit(string text, int max, string field) =>
        text.Length <= max ? text : throw new BadPayloadException($"{field} is longer than {max} characters.");

    /// <summary>Alertmanager sends 0001-01-01 for "no end time".</summary>
    private static DateTime? RealTime(DateTimeOffset? t) => t is { } v && v.Year > 1 ? v.UtcDateTime : null;

    private static string Describe(Dictionary<string, string> annotations, Dictionary<string, string> labels, string? generatorUrl)
    {
        var text = new StringBuilder();
        if (Value(annotations, "description") is { } description)
        {
            text.AppendLine(description).AppendLine();
        }
        if (Value(annotations, "runbook_url") is { } runbook)
        {
            text.Append("Runbook: ").AppendLine(runbook).AppendLine();
        }
        if (Clean(generatorUrl) is { } source)
        {
            text.Append("Source: ").AppendLine(source).AppendLine();
        }
        if (labels.Count > 0)
        {
            text.Append("Labels: ").AppendLine(string.Join(", ", labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"`{l.Key}={l.Value}`")));
        }
        return text.ToString().Trim();
    }

    public static string FormatTime(DateTime t) => t.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
}
