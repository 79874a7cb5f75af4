using System.Text.Json;
using System.Text.Json.Serialization;

namespace IncidentCenter.Notifications;

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
