using System.Text.Json;
using IncidentCenter.StatusPage.Public;

namespace IncidentCenter.Tests.StatusPage;

/// <summary>The JSON API keeps Statuspage v2's field names, types and vocabularies.</summary>
public class StatusJsonTests
{
    public static readonly string[] PageFields = ["id", "name", "url", "time_zone", "updated_at"];
    public static readonly string[] ComponentFields =
        ["id", "name", "status", "created_at", "updated_at", "position", "description", "group_id", "group", "only_show_if_degraded", "showcase", "start_date", "page_id"];
    public static readonly string[] IncidentFields =
        ["id", "name", "status", "created_at", "updated_at", "monitoring_at", "resolved_at", "impact", "shortlink", "started_at", "page_id", "incident_updates", "components"];
    public static readonly string[] UpdateFields = ["id", "status", "body", "incident_id", "created_at", "updated_at", "display_at", "affected_components"];

    private static JsonElement Parse(byte[] json) => JsonDocument.Parse(json).RootElement;

    [Fact]
    public void Summary_has_page_status_components_and_unresolved_incidents()
    {
        var root = Parse(StatusJson.Summary(SampleSnapshot.Create(), "https://status.example.com"));

        AssertShape.Page(root.GetProperty("page"));
        Assert.Equal("https://status.example.com/status", root.GetProperty("page").GetProperty("url").GetString());
        Assert.Equal("major", root.GetProperty("status").GetProperty("indicator").GetString());
        Assert.Equal("Partial System Outage", root.GetProperty("status").GetProperty("description").GetString());
        var components = root.GetProperty("components").EnumerateArray().ToList();
        // The group comes first as a group component, then its member, then the ungrouped one.
        Assert.Equal(["Platform", "API", "Website"], components.Select(c => c.GetProperty("name").GetString()));
        Assert.True(components[0].GetProperty("group").GetBoolean());
        Assert.Equal(["7"], components[0].GetProperty("components").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(components[0].GetProperty("id").GetString(), components[1].GetProperty("group_id").GetString());
        Assert.Equal(JsonValueKind.Null, components[2].GetProperty("group_id").ValueKind);
        Assert.Equal("partial_outage", components[1].GetProperty("status").GetString());
        components.ForEach(AssertShape.Component);

        var incident = Assert.Single(root.GetProperty("incidents").EnumerateArray());
        AssertShape.Incident(incident);
        Assert.Equal("identified", incident.GetProperty("status").GetString());
        Assert.Equal("major", incident.GetProperty("impact").GetString());
        Assert.Equal("https://status.example.com/status/incidents/3", incident.GetProperty("shortlink").GetString());
        var update = incident.GetProperty("incident_updates")[0];
        Assert.Equal("2026-11-23T09:45:00Z", update.GetProperty("display_at").GetString());
        Assert.Equal("2026-11-23T09:55:00Z", update.GetProperty("created_at").GetString());
        var affected = Assert.Single(update.GetProperty("affected_components").EnumerateArray());
        Assert.Equal(("7", "degraded_performance", "partial_outage"),
            (affected.GetProperty("code").GetString(), affected.GetProperty("old_status").GetString(), affected.GetProperty("new_status").GetString()));
        Assert.Equal(JsonValueKind.Array, root.GetProperty("scheduled_maintenances").ValueKind);
    }

    [Fact]
    public void Incidents_lists_resolved_ones_too_and_unresolved_only_the_open_ones()
    {
        var snapshot = SampleSnapshot.Create();

        var all = Parse(StatusJson.Incidents(snapshot, "")).GetProperty("incidents").EnumerateArray().ToList();
        var open = Parse(StatusJson.Unresolved(snapshot, "")).GetProperty("incidents").EnumerateArray().ToList();

        Assert.Equal(["3", "2"], all.Select(i => i.GetProperty("id").GetString()));
        Assert.Equal("resolved", all[1].GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.String, all[1].GetProperty("resolved_at").ValueKind);
        Assert.Equal(["3"], open.Select(i => i.GetProperty("id").GetString()));
        all.ForEach(AssertShape.Incident);
    }

    [Fact]
    public void Status_and_components_documents_have_their_parts()
    {
        var snapshot = SampleSnapshot.Create();

        var status = Parse(StatusJson.StatusOnly(snapshot, ""));
        var components = Parse(StatusJson.ComponentsOnly(snapshot, ""));

        Assert.Equal(["page", "status"], status.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["page", "components"], components.EnumerateObject().Select(p => p.Name));
        components.GetProperty("components").EnumerateArray().ToList().ForEach(AssertShape.Component);
    }

    [Fact]
    public void Hostile_text_stays_a_plain_json_string()
    {
        var root = Parse(StatusJson.Summary(SampleSnapshot.Create(SampleSnapshot.HostileTitle, SampleSnapshot.HostileBody), ""));

        var incident = root.GetProperty("incidents")[0];
        Assert.Equal(SampleSnapshot.HostileTitle, incident.GetProperty("name").GetString());
        Assert.Equal(SampleSnapshot.HostileBody, incident.GetProperty("incident_updates")[0].GetProperty("body").GetString());
    }
}

/// <summary>Field names and JSON types of Statuspage v2 objects.</summary>
public static class AssertShape
{
    private static readonly string[] ComponentStatuses = ["operational", "degraded_performance", "partial_outage", "major_outage", "under_maintenance"];
    private static readonly string[] IncidentStatuses = ["investigating", "identified", "monitoring", "resolved", "postmortem"];
    private static readonly string[] Impacts = ["none", "minor", "major", "critical"];

    public static void Page(JsonElement page)
    {
        Fields(page, StatusJsonTests.PageFields);
        Strings(page, "id", "name", "url", "time_zone");
        Time(page, "updated_at");
    }

    public static void Status(JsonElement status)
    {
        Strings(status, "indicator", "description");
        Assert.Contains(status.GetProperty("indicator").GetString(), (string[])["none", "minor", "major", "critical"]);
    }

    public static void Component(JsonElement c)
    {
        Fields(c, StatusJsonTests.ComponentFields);
        Strings(c, "id", "name", "status", "page_id");
        Time(c, "created_at", "updated_at");
        Assert.Equal(JsonValueKind.Number, c.GetProperty("position").ValueKind);
        foreach (var flag in new[] { "group", "only_show_if_degraded", "showcase" })
        {
            Assert.True(c.GetProperty(flag).ValueKind is JsonValueKind.True or JsonValueKind.False, flag);
        }
        StringOrNull(c, "description", "group_id", "start_date");
        Assert.Contains(c.GetProperty("status").GetString(), ComponentStatuses);
    }

    public static void Incident(JsonElement i)
    {
        Fields(i, StatusJsonTests.IncidentFields);
        Strings(i, "id", "name", "status", "impact", "shortlink", "page_id");
        Time(i, "created_at", "updated_at", "started_at");
        StringOrNull(i, "monitoring_at", "resolved_at");
        Assert.Contains(i.GetProperty("status").GetString(), IncidentStatuses);
        Assert.Contains(i.GetProperty("impact").GetString(), Impacts);
        foreach (var update in i.GetProperty("incident_updates").EnumerateArray())
        {
            Fields(update, StatusJsonTests.UpdateFields);
            Strings(update, "id", "status", "body", "incident_id");
            Time(update, "created_at", "updated_at", "display_at");
            Assert.Contains(update.GetProperty("status").GetString(), IncidentStatuses);
            Assert.Equal(JsonValueKind.Array, update.GetProperty("affected_components").ValueKind);
        }
        foreach (var component in i.GetProperty("components").EnumerateArray())
        {
            Component(component);
        }
    }

    private static void Fields(JsonElement e, string[] expected)
    {
        var names = e.EnumerateObject().Select(p => p.Name).ToHashSet();
        Assert.All(expected, f => Assert.True(names.Contains(f), $"missing field {f}"));
    }

    private static void Strings(JsonElement e, params string[] names)
    {
        foreach (var name in names)
        {
            Assert.True(e.GetProperty(name).ValueKind == JsonValueKind.String, $"{name} is not a string");
        }
    }

    private static void StringOrNull(JsonElement e, params string[] names)
    {
        foreach (var name in names)
        {
            Assert.True(e.GetProperty(name).ValueKind is JsonValueKind.String or JsonValueKind.Null, $"{name} is neither a string nor null");
        }
    }

    private static void Time(JsonElement e, params string[] names)
    {
        foreach (var name in names)
        {
            Assert.True(DateTimeOffset.TryParse(e.GetProperty(name).GetString(), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out _),
                $"{name} is not an ISO 8601 time");
        }
    }
}
