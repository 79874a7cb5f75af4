namespace IncidentCenter.Notifications;

public enum WebhookFormat
{
    /// <summary>A Slack incoming-webhook message: text plus mrkdwn blocks.</summary>
    Slack = 1,

    /// <summary>Our own JSON: event kind, incident fields, summary, link, time.</summary>
    Generic = 2,
}

/// <summary>Where Admins send notifications, and for which event kinds.</summary>
public class Webhook
{
    public const int NameMaxLength = 100;
    public const int UrlMaxLength = 2000;
    public const int SecretMaxLength = 200;

    public int Id { get; set; }
    public string Name { get; set; } = "";
    public string Url { get; set; } = "";
    public WebhookFormat Format { get; set; }

    /// <summary>Bit per <see cref="ProcessEventKind"/>: 1 &lt;&lt; kind.</summary>
    public int EventMask { get; set; }

    /// <summary>When set, each request is signed (timestamp, delivery id and body) in the X-IncidentCenter-Signature header; see <see cref="WebhookBodies.Sign"/>.</summary>
    public string? Secret { get; set; }

    public bool IsEnabled { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public string UpdatedByName { get; set; } = "";
    public int Version { get; set; }

    public bool Subscribes(ProcessEventKind? kind) => kind is { } k && (EventMask & Bit(k)) != 0;

    public static int Bit(ProcessEventKind kind) => 1 << (int)kind;

    public static int Mask(IEnumerable<ProcessEventKind> kinds) => kinds.Aggregate(0, (m, k) => m | Bit(k));
}

/// <summary>
/// One process event waiting to be (or already) fanned out to webhooks. Written in the transaction of
/// the change it describes, so nothing is announced for a change that rolled back.
/// </summary>
public class OutboxEvent
{
    public long Id { get; set; }

    /// <summary>Null for an Admin's test message, which goes to one webhook only.</summary>
    public ProcessEventKind? Kind { get; set; }

    /// <summary>Null for an Admin's test message.</summary>
    public int? IncidentId { get; set; }

    /// <summary>The <see cref="EventSnapshot"/> as JSON: what the incident looked like when it happened.</summary>
    public string Payload { get; set; } = "";
    public DateTime CreatedAt { get; set; }

    /// <summary>Set once deliveries exist for every webhook subscribed at that moment.</summary>
    public DateTime? DispatchedAt { get; set; }
}

public enum DeliveryState
{
    Pending = 0,
    Succeeded = 1,

    /// <summary>Every attempt failed; an Admin may still retry it by hand.</summary>
    Failed = 2,
}

public class WebhookDelivery
{
    public long Id { get; set; }
    public int WebhookId { get; set; }
    public long EventId { get; set; }
    public DeliveryState State { get; set; }
    public int AttemptCount { get; set; }
    public DateTime CreatedAt { get; set; }

    /// <summary>When the next attempt is due; null once the delivery succeeded or gave up.</summary>
    public DateTime? NextAttemptAt { get; set; }
    public DateTime? LastAttemptAt { get; set; }
    public int? LastStatusCode { get; set; }
    public string? LastError { get; set; }

    public List<WebhookAttempt> Attempts { get; set; } = [];
}

public class WebhookAttempt
{
    public const int ErrorMaxLength = 500;

    public long Id { get; set; }
    public long DeliveryId { get; set; }
    public int Number { get; set; }
    public DateTime At { get; set; }
    public int? StatusCode { get; set; }
    public string? Error { get; set; }
    public int DurationMs { get; set; }
}
