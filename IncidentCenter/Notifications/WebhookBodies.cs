using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace IncidentCenter.Notifications;

/// <summary>The JSON a webhook receives, rendered at send time from the event's snapshot.</summary>
public static class WebhookBodies
{
    public const string SignatureHeader = "X-IncidentCenter-Signature";
    public const string DeliveryHeader = "X-IncidentCenter-Delivery";
    public const string EventHeader = "X-IncidentCenter-Event";

    /// <summary>When this attempt was sent, in Unix seconds; part of what is signed.</summary>
    public const string TimestampHeader = "X-IncidentCenter-Timestamp";

    public const string SignatureVersion = "v1=";

    /// <summary>Bodies are JSON sent to machines, never embedded in HTML: non-ASCII text stays readable.</summary>
    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Render(WebhookFormat format, EventSnapshot e, string? url) => format switch
    {
        WebhookFormat.Slack => Slack(e, url),
        _ => Generic(e, url),
    };

    /// <summary>
    /// Our own shape: flat and stable. Keys: kind, incident_id, incident_ref, title, severity, state,
    /// summary, url, occurred_at (ISO 8601 UTC).
    /// </summary>
    public static string Generic(EventSnapshot e, string? url) => new JsonObject
    {
        ["kind"] = e.Kind,
        ["incident_id"] = e.IncidentId,
        ["incident_ref"] = e.IncidentRef,
        ["title"] = e.Title,
        ["severity"] = e.Severity,
        ["state"] = e.State,
        ["summary"] = e.Summary,
        ["url"] = url,
        ["occurred_at"] = e.OccurredAt.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
    }.ToJsonString(Relaxed);

    /// <summary>
    /// What Slack incoming webhooks accept: <c>text</c> (the notification and fallback line) and
    /// <c>blocks</c> with mrkdwn sections. Incident text is escaped so it cannot form links or mentions.
    /// </summary>
    public static string Slack(EventSnapshot e, string? url)
    {
        var reference = e.IncidentRef is null ? "" : e.IncidentRef + ": ";
        var heading = $"{reference}{e.Title}";
        var linked = url is null ? $"*{Escape(heading)}*" : $"*<{url}|{Escape(heading)}>*";
        var facts = string.Join(" · ", new[] { e.Severity, e.State, KindLabel(e.Kind) }.Where(f => !string.IsNullOrEmpty(f)));
        var body = new JsonObject
        {
            // Slack parses the notification text like mrkdwn: escaped too, or a title could ping <!channel>.
            ["text"] = Escape($"{KindLabel(e.Kind)} — {heading}: {e.Summary}"),
            ["blocks"] = new JsonArray
            {
                new JsonObject
                {
                    ["type"] = "section",
                    ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = $"{linked}\n{Escape(e.Summary)}" },
                },
                new JsonObject
                {
                    ["type"] = "context",
                    ["elements"] = new JsonArray { new JsonObject { ["type"] = "mrkdwn", ["text"] = Escape(facts) } },
                },
            },
        };
        return body.ToJsonString(Relaxed);
    }

    /// <summary>Slack's three control characters; everything else in mrkdwn is harmless formatting.</summary>
    public static string Escape(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal)
        .Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    /// <summary>
    /// The <see cref="SignatureHeader"/> value: <c>v1=</c> and the lower-case hex HMAC-SHA256, keyed with the
    /// webhook's secret, of <c>{timestamp}.{deliveryId}.{body}</c> (UTF-8; timestamp in Unix seconds as sent in
    /// <see cref="TimestampHeader"/>, delivery id as sent in <see cref="DeliveryHeader"/>).
    /// </summary>
    public static string Sign(string secret, long timestamp, long deliveryId, string body) =>
        SignatureVersion + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret),
            Encoding.UTF8.GetBytes(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{timestamp}.{deliveryId}.{body}"))));

    private static string KindLabel(string code) =>
        ProcessEventKinds.All.FirstOrDefault(k => ProcessEventKinds.Code(k) == code) is var kind && kind != 0
            ? ProcessEventKinds.Label(kind)
            : code == "test" ? "Test message" : code;
}
