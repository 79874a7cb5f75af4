using IncidentCenter.Incidents;
using IncidentCenter.Intake;

namespace IncidentCenter.Tests.Intake;

public class AlertPayloadTests
{
    [Theory]
    [InlineData("critical", Severity.Sev1)]
    [InlineData("CRITICAL", Severity.Sev1)]
    [InlineData("page", Severity.Sev2)]
    [InlineData("error", Severity.Sev2)]
    [InlineData("high", Severity.Sev2)]
    [InlineData("warning", Severity.Sev3)]
    [InlineData("info", Severity.Sev4)]
    [InlineData("SEV2", Severity.Sev2)]
    [InlineData("p4", Severity.Sev4)]
    [InlineData("whatever", null)]
    [InlineData(null, null)]
    public void Severity_labels_map_to_incident_severities(string? label, Severity? expected) =>
        Assert.Equal(expected, AlertPayloads.MapSeverity(label));

    [Fact]
    public void Common_labels_fill_in_and_the_title_falls_back_from_summary_to_alertname_and_the_fingerprint_to_the_labels()
    {
        var body = """
            {
              "version": "4", "status": "firing",
              "commonLabels": { "severity": "warning", "job": "billing" },
              "commonAnnotations": { "description": "shared text" },
              "alerts": [
                { "status": "firing", "labels": { "alertname": "DiskFilling", "instance": "db-1" }, "startsAt": "2026-11-23T09:00:00.123456789Z", "endsAt": "0001-01-01T00:00:00Z" },
                { "status": "resolved", "labels": { "alertname": "DiskFilling", "instance": "db-2", "job": "ledger" }, "annotations": { "summary": "Disk on db-2" }, "fingerprint": "fp-2" }
              ]
            }
            """u8.ToArray();

        var alerts = AlertPayloads.ParseAlertmanager(body);

        Assert.Equal(2, alerts.Count);
        var first = alerts[0];
        Assert.True(first.Firing);
        Assert.Equal(("DiskFilling", "DiskFilling", "warning", "billing"), (first.Name, first.Title, first.SeverityText, first.ServiceName));
        Assert.Equal(new DateTime(2026, 11, 23, 9, 0, 0, 123, DateTimeKind.Utc).AddTicks(4567), first.StartsAt);
        Assert.Null(first.EndsAt);
        Assert.StartsWith("labels:", first.Fingerprint);
        Assert.Equal(first.Fingerprint, AlertPayloads.ParseAlertmanager(body)[0].Fingerprint);
        Assert.StartsWith("shared text", first.Description);
        var second = alerts[1];
        Assert.False(second.Firing);
        Assert.Equal(("fp-2", "Disk on db-2", "ledger"), (second.Fingerprint, second.Title, second.ServiceName));
    }
}
