using IncidentCenter.Incidents;
using IncidentCenter.StatusPage;
using IncidentCenter.Timeline;

namespace IncidentCenter.Postmortems;

/// <summary>A made-up resolved incident with something in every list: template previews and checks render against it.</summary>
public static class SampleIncident
{
    private static readonly DateTime Detected = new(2026, 11, 20, 16, 52, 0, DateTimeKind.Utc);
    private static readonly DateTime Declared = new(2026, 11, 20, 17, 0, 0, DateTimeKind.Utc);

    public static readonly IncidentRecord Record = Build();

    public static readonly PostmortemModel Model = Record.ToModel();

    private static IncidentRecord Build()
    {
        var incident = new Incident
        {
            Id = 0,
            Title = "Checkout payments failing (sample)",
            Description = "Card payments failed for most customers after a configuration change.",
            Severity = Severity.Sev1,
            State = IncidentState.Resolved,
            IsOpen = false,
            DetectedAt = Detected,
            DeclaredAt = Declared,
            StateChangedAt = Declared.AddMinutes(45),
            ResolvedAt = Declared.AddMinutes(45),
            CommanderId = "sample-1",
            CommanderName = "Sam Sample",
        };
        IncidentStateChange State(int id, IncidentState? from, IncidentState to, int minutes) =>
            new() { Id = id, From = from, To = to, At = Declared.AddMinutes(minutes), ByUserId = "sample-1" };
        TimelineEntry Event(int id, int minutes, string text, TimelineEntryKind kind = TimelineEntryKind.System, bool backfilled = false) => new()
        {
            Id = id,
            Kind = kind,
            Text = text,
            OccurredAt = Declared.AddMinutes(minutes),
            RecordedAt = backfilled ? Declared.AddMinutes(minutes + 20) : Declared.AddMinutes(minutes),
            AuthorName = "Sam Sample",
            IsKeyEvent = true,
        };
        return new IncidentRecord(
            incident,
            ["checkout", "payments"],
            [
                State(1, null, IncidentState.Investigating, 0),
                State(2, IncidentState.Investigating, IncidentState.Identified, 12),
                State(3, IncidentState.Identified, IncidentState.Monitoring, 30),
                State(4, IncidentState.Monitoring, IncidentState.Resolved, 45),
            ],
            [
                new IncidentSeverityChange { Id = 1, To = Severity.Sev2, At = Declared, ByUserId = "sample-1" },
                new IncidentSeverityChange { Id = 2, From = Severity.Sev2, To = Severity.Sev1, At = Declared.AddMinutes(5), ByUserId = "sample-1", Reason = "All card payments affected" },
            ],
            [
                new IncidentRoleAssignment { Id = 1, Role = IncidentRole.Commander, UserId = "sample-1", UserName = "Sam Sample", AssignedAt = Declared },
                new IncidentRoleAssignment { Id = 2, Role = IncidentRole.CommunicationsLead, UserId = "sample-2", UserName = "Casey Comms", AssignedAt = Declared.AddMinutes(3) },
            ],
            [
                Event(1, -8, "Payment error alert fired.", TimelineEntryKind.Observation, backfilled: true),
                Event(2, 0, "Incident declared as SEV2 by Sam Sample; Sam Sample is Incident Commander."),
                Event(3, 12, "State changed from Investigating to Identified by Sam Sample."),
                Event(4, 25, "Rolled back the payment gateway configuration.", TimelineEntryKind.Action),
                Event(5, 30, "State changed from Identified to Monitoring by Sam Sample."),
                Event(6, 45, "State changed from Monitoring to Resolved by Sam Sample."),
            ],
            [
                new ActionItem { Id = 1, Title = "Validate gateway configuration before deploy", OwnerId = "sample-2", OwnerName = "Casey Comms", DueDate = new DateOnly(2026, 12, 4), State = ActionItemState.Open },
                new ActionItem { Id = 2, Title = "Alert on payment success rate, not only errors", State = ActionItemState.InProgress },
            ])
        {
            StatusUpdates =
            [
                Update(1, StatusStage.Investigating, 2, "We are looking into failed card payments at checkout."),
                Update(2, StatusStage.Identified, 14, "A configuration change broke card payments; we are rolling it back."),
                Update(3, StatusStage.Resolved, 45, "Card payments work normally again."),
            ],
        };
        StatusUpdate Update(int id, StatusStage stage, int minutes, string body) => new()
        {
            Id = id,
            Stage = stage,
            Body = body,
            PublishedAt = Declared.AddMinutes(minutes),
            EffectiveAt = Declared.AddMinutes(minutes),
        };
    }
}
