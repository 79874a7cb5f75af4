using System.Globalization;
using IncidentCenter.Incidents;
using IncidentCenter.Metrics;
using IncidentCenter.Response;

namespace IncidentCenter.Tests.Metrics;

public class MetricsCsvTests
{
    private static readonly DateTime Declared = new(2026, 3, 10, 9, 0, 0, DateTimeKind.Utc);

    private static MetricsReport Report()
    {
        List<StateMove> Resolved(TimeSpan after) => [new(null, IncidentState.Investigating, Declared, 1), new(IncidentState.Investigating, IncidentState.Resolved, Declared + after, 2)];
        IncidentFact[] facts =
        [
            new(1, Declared.AddSeconds(-30), Declared, Severity.Sev2, Resolved(TimeSpan.FromMinutes(90)), [new(Severity.Sev2, Declared)], Declared, [7]),
            new(2, Declared.AddMinutes(-12.25), Declared, Severity.Sev2, Resolved(TimeSpan.FromMinutes(75.5)), [new(Severity.Sev2, Declared)], Declared, [7, 8]),
        ];
        var names = new Dictionary<int, string> { [7] = "Pay, \"ments\"", [8] = "=HYPERLINK(\"x\")" };
        return IncidentMetrics.Compute(facts, SeverityPolicy.Defaults.ToDictionary(p => p.Severity),
            new MetricsRequest(new(2026, 3, 1), new(2026, 4, 30), PeriodKind.Month, null), new DateTime(2026, 11, 23, 0, 0, 0, DateTimeKind.Utc), names);
    }

    private static T UnderCulture<T>(string culture, Func<T> action)
    {
        var (current, currentUi) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo(culture);
        try
        {
            return action();
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (current, currentUi);
        }
    }

    [Fact]
    public void Period_csv_has_a_header_and_one_row_per_period_and_severity_with_invariant_numbers_under_a_German_culture()
    {
        var csv = UnderCulture("de-DE", () => MetricsCsv.Periods(Report()));

        Assert.EndsWith("\r\n", csv);
        var lines = csv[..^2].Split("\r\n");
        Assert.Equal(string.Join(',', MetricsCsv.PeriodHeader), lines[0]);
        Assert.Equal("period,period_start_utc,period_end_utc,severity,incidents,acknowledged,mean_minutes_to_acknowledge,median_minutes_to_acknowledge,resolved,mean_minutes_to_resolve,median_minutes_to_resolve,acknowledge_target_met,acknowledge_target_missed,resolve_target_met,resolve_target_missed,still_open,reopened", lines[0]);
        Assert.Equal(1 + 2 * 4, lines.Length);
        // Acknowledged after 0.5 and 12.25 minutes; resolved after 90.5 and 87.75 minutes.
        Assert.Equal("2026-03,2026-03-01T00:00:00Z,2026-04-01T00:00:00Z,SEV2,2,2,6.38,6.38,2,89.13,89.13,2,0,2,0,0,0", lines[2]);
        Assert.Equal("2026-03,2026-03-01T00:00:00Z,2026-04-01T00:00:00Z,SEV1,0,0,,,0,,,0,0,0,0,0,0", lines[1]);
        Assert.Equal("2026-04,2026-04-01T00:00:00Z,2026-05-01T00:00:00Z,SEV4,0,0,,,0,,,0,0,0,0,0,0", lines[^1]);
        Assert.Equal(csv, MetricsCsv.Periods(Report()));
    }

    [Fact]
    public void Service_csv_quotes_commas_and_quotes_and_defuses_formulas()
    {
        var csv = UnderCulture("de-DE", () => MetricsCsv.Services(Report()));

        var lines = csv[..^2].Split("\r\n");
        Assert.Equal(string.Join(',', MetricsCsv.ServiceHeader), lines[0]);
        Assert.Equal("\"Pay, \"\"ments\"\"\",2,2,6.38,6.38,2,89.13,89.13,2,0,2,0,0,0", lines[1]);
        Assert.StartsWith("\"'=HYPERLINK(\"\"x\"\")\",1,", lines[2]);
        Assert.Equal(3, lines.Length);
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    [InlineData("cr\rlf", "\"cr\rlf\"")]
    [InlineData("", "")]
    [InlineData("+1", "'+1")]
    [InlineData("@sum", "'@sum")]
    public void Fields_follow_RFC_4180(string value, string expected) => Assert.Equal(expected, MetricsCsv.Field(value));

    [Fact]
    public void Minutes_use_a_dot_and_at_most_two_decimals_in_any_culture()
    {
        var text = UnderCulture("de-DE", () => MetricsCsv.Minutes(TimeSpan.FromSeconds(12345.6)));
        Assert.Equal("205.76", text);
        Assert.Equal("1500", UnderCulture("fr-FR", () => MetricsCsv.Minutes(TimeSpan.FromHours(25))));
        Assert.Equal("", MetricsCsv.Minutes(null));
    }
}
