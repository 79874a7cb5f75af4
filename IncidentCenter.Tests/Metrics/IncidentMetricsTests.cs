using IncidentCenter.Incidents;
using IncidentCenter.Metrics;
using IncidentCenter.Response;

namespace IncidentCenter.Tests.Metrics;

/// <summary>The calculator on hand-made facts: no database.</summary>
public class IncidentMetricsTests
{
    private static readonly DateTime T0 = new(2026, 3, 10, 9, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Now = new(2026, 11, 23, 10, 0, 0, DateTimeKind.Utc);
    private static readonly IReadOnlyDictionary<Severity, SeverityPolicy> Policies = SeverityPolicy.Defaults.ToDictionary(p => p.Severity);

    private static IncidentFact Fact(
        int id = 1,
        DateTime? detected = null,
        DateTime? declared = null,
        Severity severity = Severity.Sev2,
        IReadOnlyList<StateMove>? moves = null,
        IReadOnlyList<SeverityMove>? severities = null,
        DateTime? acknowledged = null,
        IReadOnlyList<int>? services = null)
    {
        var declaredAt = declared ?? T0;
        return new IncidentFact(id, detected ?? declaredAt, declaredAt, severity,
            moves ?? [new StateMove(null, IncidentState.Investigating, declaredAt)],
            severities ?? [new SeverityMove(severity, declaredAt)],
            acknowledged, services ?? []);
    }

    private static List<StateMove> Moves(DateTime declared, params (IncidentState From, IncidentState To, TimeSpan After)[] moves) =>
        [new StateMove(null, IncidentState.Investigating, declared, 1), .. moves.Select((m, i) => new StateMove(m.From, m.To, declared + m.After, i + 2))];

    private static IncidentOutcome Evaluate(IncidentFact fact) => IncidentMetrics.Evaluate(fact, Policies, PeriodKind.Month, Now);

    private static MetricsReport Report(IEnumerable<IncidentFact> facts, MetricsRequest request, IReadOnlyDictionary<int, string>? services = null) =>
        IncidentMetrics.Compute(facts, Policies, request, Now, services ?? new Dictionary<int, string>());

    [Fact]
    public void Time_to_resolve_runs_from_detection_to_the_move_into_Resolved()
    {
        var outcome = Evaluate(Fact(detected: T0.AddMinutes(-20), acknowledged: T0,
            moves: Moves(T0, (IncidentState.Investigating, IncidentState.Identified, TimeSpan.FromMinutes(30)), (IncidentState.Identified, IncidentState.Resolved, TimeSpan.FromHours(2)))));

        Assert.True(outcome.IsResolved);
        Assert.False(outcome.WasReopened);
        Assert.Equal(TimeSpan.FromMinutes(20), outcome.TimeToAcknowledge);
        Assert.Equal(TimeSpan.FromMinutes(140), outcome.TimeToResolve);
    }

    [Fact]
    public void A_reopened_incident_counts_the_whole_time_up_to_its_final_resolution()
    {
        var moves = Moves(T0,
            (IncidentState.Investigating, IncidentState.Resolved, TimeSpan.FromHours(1)),
            (IncidentState.Resolved, IncidentState.Closed, TimeSpan.FromHours(2)),
            (IncidentState.Closed, IncidentState.Investigating, TimeSpan.FromHours(5)),
            (IncidentState.Investigating, IncidentState.Monitoring, TimeSpan.FromHours(6)),
            (IncidentState.Monitoring, IncidentState.Resolved, TimeSpan.FromHours(7)),
            (IncidentState.Resolved, IncidentState.Closed, TimeSpan.FromHours(9)));

        var outcome = Evaluate(Fact(moves: moves, acknowledged: T0));

        Assert.True(outcome.IsResolved);
        Assert.True(outcome.WasReopened);
        // The final move into Resolved, not the first one and not the close.
        Assert.Equal(TimeSpan.FromHours(7), outcome.TimeToResolve);
    }

    [Fact]
    public void A_reopened_incident_that_is_open_again_has_no_time_to_resolve_and_is_still_open()
    {
        var moves = Moves(T0,
            (IncidentState.Investigating, IncidentState.Resolved, TimeSpan.FromHours(1)),
            (IncidentState.Resolved, IncidentState.Investigating, TimeSpan.FromHours(3)));

        var outcome = Evaluate(Fact(moves: moves, acknowledged: T0));

        Assert.False(outcome.IsResolved);
        Assert.True(outcome.WasReopened);
        Assert.Null(outcome.TimeToResolve);
        // SEV2 is owed a resolution within 8 hours; months have passed.
        Assert.Equal(TargetOutcome.Missed, outcome.Resolve);
    }

    [Fact]
    public void Moves_recorded_out_of_order_are_replayed_by_time()
    {
        List<StateMove> moves =
        [
            new(IncidentState.Resolved, IncidentState.Investigating, T0.AddHours(2), 3),
            new(null, IncidentState.Investigating, T0, 1),
            new(IncidentState.Investigating, IncidentState.Resolved, T0.AddHours(4), 4),
            new(IncidentState.Investigating, IncidentState.Resolved, T0.AddHours(1), 2),
        ];

        var outcome = Evaluate(Fact(moves: moves, acknowledged: T0));

        Assert.Equal(TimeSpan.FromHours(4), outcome.TimeToResolve);
    }

    [Fact]
    public void An_incident_resolved_without_acknowledgement_has_no_time_to_acknowledge_and_misses_that_target()
    {
        var outcome = Evaluate(Fact(severity: Severity.Sev4, acknowledged: null,
            moves: Moves(T0, (IncidentState.Investigating, IncidentState.Resolved, TimeSpan.FromMinutes(10)))));

        Assert.Null(outcome.TimeToAcknowledge);
        Assert.Equal(TargetOutcome.Missed, outcome.Acknowledge);
        Assert.Equal(TimeSpan.FromMinutes(10), outcome.TimeToResolve);
        Assert.Equal(TargetOutcome.Met, outcome.Resolve);

        var figures = IncidentMetrics.Figures([outcome]);
        Assert.Equal(0, figures.Acknowledged);
        Assert.Null(figures.MeanToAcknowledge);
        Assert.Null(figures.MedianToAcknowledge);
        Assert.Equal(1, figures.AcknowledgeMissed);
    }

    [Fact]
    public void An_open_unacknowledged_incident_within_its_target_is_pending_and_missed_once_past_it()
    {
        var justDeclared = Fact(declared: Now.AddMinutes(-3), severity: Severity.Sev1, acknowledged: null);
        Assert.Equal(TargetOutcome.Pending, Evaluate(justDeclared).Acknowledge);
        Assert.Equal(TargetOutcome.Pending, Evaluate(justDeclared).Resolve);

        var waiting = Fact(declared: Now.AddMinutes(-6), severity: Severity.Sev1, acknowledged: null);
        Assert.Equal(TargetOutcome.Missed, Evaluate(waiting).Acknowledge);
        Assert.Equal(TargetOutcome.Pending, Evaluate(waiting).Resolve);
    }

    [Theory]
    [InlineData(0, TargetOutcome.Met)]
    [InlineData(-1, TargetOutcome.Met)]
    [InlineData(1, TargetOutcome.Missed)]
    public void A_target_is_met_exactly_at_the_boundary(int offsetSeconds, TargetOutcome expected)
    {
        // SEV2: acknowledge within 15 minutes, resolve within 8 hours.
        var offset = TimeSpan.FromSeconds(offsetSeconds);
        var outcome = Evaluate(Fact(severity: Severity.Sev2, acknowledged: T0 + TimeSpan.FromMinutes(15) + offset,
            moves: Moves(T0, (IncidentState.Investigating, IncidentState.Resolved, TimeSpan.FromHours(8) + offset))));

        Assert.Equal(expected, outcome.Acknowledge);
        Assert.Equal(expected, outcome.Resolve);
    }

    [Fact]
    public void Targets_come_from_the_policy_it_is_given()
    {
        var strict = Policies.ToDictionary(p => p.Key, p => p.Value with { AcknowledgeWithin = TimeSpan.FromMinutes(1) });
        var fact = Fact(severity: Severity.Sev2, acknowledged: T0.AddMinutes(2));

        Assert.Equal(TargetOutcome.Met, Evaluate(fact).Acknowledge);
        Assert.Equal(TargetOutcome.Missed, IncidentMetrics.Evaluate(fact, strict, PeriodKind.Month, Now).Acknowledge);
    }

    [Fact]
    public void An_incident_counts_under_the_highest_severity_it_reached_and_is_held_to_its_targets()
    {
        // Declared SEV3, raised to SEV1, lowered to SEV2: a SEV1 incident.
        var fact = Fact(severity: Severity.Sev2, acknowledged: T0.AddMinutes(10),
            severities: [new(Severity.Sev3, T0), new(Severity.Sev1, T0.AddMinutes(20)), new(Severity.Sev2, T0.AddHours(1))],
            moves: Moves(T0, (IncidentState.Investigating, IncidentState.Resolved, TimeSpan.FromHours(5))));

        var outcome = Evaluate(fact);

        Assert.Equal(Severity.Sev1, outcome.Severity);
        // 10 minutes is inside SEV3's hour but past SEV1's 5 minutes; 5 hours is past SEV1's 4.
        Assert.Equal(TargetOutcome.Missed, outcome.Acknowledge);
        Assert.Equal(TargetOutcome.Missed, outcome.Resolve);

        var report = Report([fact], new MetricsRequest(new(2026, 3, 1), new(2026, 3, 31), PeriodKind.Month, null));
        Assert.Equal(1, report.Rows.Single(r => r.Severity == Severity.Sev1).Figures.Incidents);
        Assert.Equal(0, report.Rows.Single(r => r.Severity == Severity.Sev2).Figures.Incidents);
        Assert.Equal(0, report.Rows.Single(r => r.Severity == Severity.Sev3).Figures.Incidents);

        var sev2Only = Report([fact], new MetricsRequest(new(2026, 3, 1), new(2026, 3, 31), PeriodKind.Month, Severity.Sev2));
        Assert.Equal(0, sev2Only.Total.Incidents);
    }

    [Fact]
    public void Detection_after_acknowledgement_within_clock_skew_counts_as_zero_not_negative()
    {
        var outcome = Evaluate(Fact(detected: T0.AddMinutes(2), acknowledged: T0));
        Assert.Equal(TimeSpan.Zero, outcome.TimeToAcknowledge);
    }

    [Fact]
    public void Median_and_mean_of_odd_even_and_empty_sets()
    {
        TimeSpan M(int minutes) => TimeSpan.FromMinutes(minutes);

        Assert.Null(IncidentMetrics.Median([]));
        Assert.Null(IncidentMetrics.Mean([]));
        Assert.Equal(M(7), IncidentMetrics.Median([M(7)]));
        Assert.Equal(M(5), IncidentMetrics.Median([M(9), M(1), M(5)]));
        Assert.Equal(M(5), IncidentMetrics.Mean([M(9), M(1), M(5)]));
        // Even: halfway between the two middle values (after sorting).
        Assert.Equal(TimeSpan.FromMinutes(4.5), IncidentMetrics.Median([M(10), M(1), M(3), M(6)]));
        Assert.Equal(TimeSpan.FromMinutes(5), IncidentMetrics.Mean([M(10), M(1), M(3), M(6)]));
        Assert.Equal(TimeSpan.FromMinutes(3.5), IncidentMetrics.Median([M(2), M(100), M(4), M(1), M(6), M(3)]));
    }

    [Fact]
    public void An_empty_period_has_zero_incidents_and_no_averages()
    {
        var march = Fact(id: 1, declared: new DateTime(2026, 3, 5, 0, 0, 0, DateTimeKind.Utc), acknowledged: new DateTime(2026, 3, 5, 0, 10, 0, DateTimeKind.Utc));
        var report = Report([march], new MetricsRequest(new(2026, 2, 1), new(2026, 4, 30), PeriodKind.Month, null));

        Assert.Equal(["2026-02", "2026-03", "2026-04"], report.Periods.Select(p => p.PeriodLabel));
        Assert.Equal(12, report.Rows.Count);
        var february = report.Periods[0].Figures;
        Assert.Equal(0, february.Incidents);
        Assert.Null(february.MeanToAcknowledge);
        Assert.Null(february.MedianToAcknowledge);
        Assert.Null(february.MeanToResolve);
        Assert.Null(february.MedianToResolve);
        Assert.Equal(1, report.Periods[1].Figures.Incidents);
        Assert.Equal(TimeSpan.FromMinutes(10), report.Periods[1].Figures.MedianToAcknowledge);
    }

    [Fact]
    public void Incidents_are_bucketed_by_declaration_time_in_UTC_across_month_and_year_ends()
    {
        DateTime At(int y, int mo, int d, int h, int mi, int s = 0) => new(y, mo, d, h, mi, s, DateTimeKind.Utc);
        IncidentFact[] facts =
        [
            // Detected in December, declared in January: January.
            Fact(id: 1, detected: At(2025, 12, 31, 23, 50), declared: At(2026, 1, 1, 0, 5)),
            Fact(id: 2, declared: At(2025, 12, 31, 23, 59, 59)),
            Fact(id: 3, declared: At(2026, 1, 31, 23, 59, 59)),
            Fact(id: 4, declared: At(2026, 2, 1, 0, 0)),
            Fact(id: 5, declared: At(2026, 3, 31, 23, 0)),
            Fact(id: 6, declared: At(2026, 4, 1, 0, 0)),
        ];

        var months = Report(facts, new MetricsRequest(new(2025, 12, 1), new(2026, 4, 30), PeriodKind.Month, null));
        Assert.Equal(
            [("2025-12", 1), ("2026-01", 2), ("2026-02", 1), ("2026-03", 1), ("2026-04", 1)],
            months.Periods.Select(p => (p.PeriodLabel, p.Figures.Incidents)));

        var quarters = Report(facts, new MetricsRequest(new(2025, 12, 1), new(2026, 4, 30), PeriodKind.Quarter, null));
        Assert.Equal([("2025-Q4", 1), ("2026-Q1", 4), ("2026-Q2", 1)], quarters.Periods.Select(p => (p.PeriodLabel, p.Figures.Incidents)));
        Assert.Equal(new DateTime(2025, 10, 1, 0, 0, 0, DateTimeKind.Utc), quarters.Periods[0].PeriodStart);
        Assert.Equal(new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), quarters.Periods[0].PeriodEnd);

        // ISO weeks: 2025-12-29 (Monday) starts 2026-W01, so 31 December and 1 January share a week.
        var weeks = Report(facts, new MetricsRequest(new(2025, 12, 29), new(2026, 1, 4), PeriodKind.Week, null));
        var week = Assert.Single(weeks.Periods);
        Assert.Equal("2026-W01", week.PeriodLabel);
        Assert.Equal(2, week.Figures.Incidents);

        // The range's end date is included to its last second; the day after is not.
        var january = Report(facts, new MetricsRequest(new(2026, 1, 1), new(2026, 1, 31), PeriodKind.Month, null));
        Assert.Equal(2, january.Total.Incidents);
    }

    [Fact]
    public void Period_start_uses_Monday_weeks_and_calendar_quarters()
    {
        var sunday = new DateTime(2026, 11, 22, 23, 30, 0, DateTimeKind.Utc);
        Assert.Equal(new DateTime(2026, 11, 16, 0, 0, 0, DateTimeKind.Utc), IncidentMetrics.PeriodStart(sunday, PeriodKind.Week));
        Assert.Equal(new DateTime(2026, 11, 23, 0, 0, 0, DateTimeKind.Utc), IncidentMetrics.PeriodStart(sunday.AddHours(1), PeriodKind.Week));
        Assert.Equal(new DateTime(2026, 10, 1, 0, 0, 0, DateTimeKind.Utc), IncidentMetrics.PeriodStart(sunday, PeriodKind.Quarter));
        Assert.Equal("2026-W47", IncidentMetrics.PeriodLabel(IncidentMetrics.PeriodStart(sunday, PeriodKind.Week), PeriodKind.Week));
    }

    [Fact]
    public void Incidents_per_service_count_an_incident_once_per_service_and_list_those_without_one()
    {
        var names = new Dictionary<int, string> { [1] = "API", [2] = "Billing" };
        IncidentFact[] facts =
        [
            Fact(id: 1, services: [1, 2], acknowledged: T0),
            Fact(id: 2, services: [1], acknowledged: T0),
            Fact(id: 3, services: [], acknowledged: T0),
        ];

        var report = Report(facts, new MetricsRequest(new(2026, 3, 1), new(2026, 3, 31), PeriodKind.Month, null), names);

        Assert.Equal([("API", 2), ("Billing", 1), ("No service recorded", 1)], report.Services.Select(s => (s.ServiceName, s.Figures.Incidents)));
        Assert.Equal(3, report.Total.Incidents);
    }

    [Fact]
    public void Figures_add_up_per_period_and_severity()
    {
        IncidentFact[] facts =
        [
            Fact(id: 1, severity: Severity.Sev1, acknowledged: T0.AddMinutes(2), moves: Moves(T0, (IncidentState.Investigating, IncidentState.Resolved, TimeSpan.FromHours(1)))),
            Fact(id: 2, severity: Severity.Sev1, acknowledged: T0.AddMinutes(8), moves: Moves(T0, (IncidentState.Investigating, IncidentState.Resolved, TimeSpan.FromHours(6)))),
            Fact(id: 3, severity: Severity.Sev1, acknowledged: T0.AddMinutes(4)),
        ];

        var report = Report(facts, new MetricsRequest(new(2026, 3, 1), new(2026, 3, 31), PeriodKind.Month, Severity.Sev1));

        var row = Assert.Single(report.Rows);
        var f = row.Figures;
        Assert.Equal(3, f.Incidents);
        Assert.Equal(3, f.Acknowledged);
        Assert.Equal(TimeSpan.FromMinutes(4), f.MedianToAcknowledge);
        Assert.Equal(TimeSpan.FromMinutes(14.0 / 3).TotalSeconds, f.MeanToAcknowledge!.Value.TotalSeconds, precision: 3);
        Assert.Equal(2, f.Resolved);
        Assert.Equal(TimeSpan.FromMinutes(210), f.MedianToResolve);
        Assert.Equal((2, 1), (f.AcknowledgeMet, f.AcknowledgeMissed));
        // 1 h met; 6 h missed; the open one is months past SEV1's 4 hours.
        Assert.Equal((1, 2), (f.ResolveMet, f.ResolveMissed));
        Assert.Equal(1, f.StillOpen);
    }
}
