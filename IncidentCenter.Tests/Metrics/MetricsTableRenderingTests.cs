using Bunit;
using IncidentCenter.Incidents;
using IncidentCenter.Metrics;
using IncidentCenter.Metrics.Pages;
using IncidentCenter.Response;
using MudBlazor.Services;

namespace IncidentCenter.Tests.Metrics;

/// <summary>The page's table, rendered with bUnit (MudBlazor services, no browser), against the CSV of the same report.</summary>
public sealed class MetricsTableRenderingTests
{
    [Theory]
    [InlineData(IncidentChangeKind.Declared, true)]
    [InlineData(IncidentChangeKind.Updated, true)]
    [InlineData(IncidentChangeKind.TimelineChanged, false)]
    [InlineData(IncidentChangeKind.ChecklistChanged, false)]
    [InlineData(IncidentChangeKind.TasksChanged, false)]
    [InlineData(IncidentChangeKind.StatusUpdated, false)]
    public void The_page_recomputes_only_for_changes_that_can_move_the_figures(IncidentChangeKind kind, bool reloads) =>
        Assert.Equal(reloads, MetricsPage.Recomputes.Contains(kind));

    [Fact]
    public void The_table_has_one_row_per_csv_row_with_the_same_counts_and_a_dash_for_no_value()
    {
        var declared = new DateTime(2026, 3, 10, 9, 0, 0, DateTimeKind.Utc);
        IncidentFact[] facts =
        [
            new(1, declared, declared, Severity.Sev1, [new(null, IncidentState.Investigating, declared, 1), new(IncidentState.Investigating, IncidentState.Resolved, declared.AddMinutes(95), 2)],
                [new(Severity.Sev1, declared)], declared.AddMinutes(3), []),
            new(2, declared, declared.AddDays(40), Severity.Sev3, [new(null, IncidentState.Investigating, declared.AddDays(40), 1)], [new(Severity.Sev3, declared.AddDays(40))], declared.AddDays(40), []),
        ];
        var report = IncidentMetrics.Compute(facts, SeverityPolicy.Defaults.ToDictionary(p => p.Severity),
            new MetricsRequest(new(2026, 3, 1), new(2026, 5, 31), PeriodKind.Month, null), new DateTime(2026, 11, 23, 0, 0, 0, DateTimeKind.Utc), new Dictionary<int, string>());

        using var context = new BunitContext();
        context.Services.AddMudServices();
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        var table = context.Render<MetricsTable>(p => p
            .Add(t => t.Rows, report.Rows.Select(r => (r.PeriodLabel, (Severity?)r.Severity, r.Figures)).ToList())
            .Add(t => t.Caption, "Figures per month and severity"));
        var rows = table.FindAll("tbody tr");

        Assert.Equal("Figures per month and severity", table.Find("table caption").TextContent);
        var csvRows = MetricsCsv.Periods(report).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split(',')).ToList();
        Assert.Equal(csvRows.Count, rows.Count);
        foreach (var (row, csv) in rows.Zip(csvRows))
        {
            var cells = row.Children.Select(c => c.TextContent.Trim()).ToArray();
            Assert.Equal(csv[0], cells[0]);                       // period
            Assert.Equal(csv[3], cells[1]);                       // severity
            Assert.Equal(csv[4], cells[2]);                       // incidents
            Assert.Equal(csv[8], cells[5]);                       // resolved
            Assert.Equal($"{csv[11]} / {csv[12]}", cells[8]);     // acknowledge met / missed
            Assert.Equal($"{csv[13]} / {csv[14]}", cells[9]);     // resolve met / missed
            Assert.Equal(csv[15], cells[10]);                     // still open
            Assert.Equal(csv[7] == "" ? "—" : MetricsFormat.Duration(TimeSpan.FromMinutes(double.Parse(csv[7], System.Globalization.CultureInfo.InvariantCulture))), cells[4]);
        }
        var march = rows.Single(r => r.TextContent.Contains("2026-03") && r.TextContent.Contains("SEV1")).Children.Select(c => c.TextContent.Trim()).ToArray();
        Assert.Equal(["2026-03", "SEV1", "1", "3m 00s", "3m 00s", "1", "1h 35m", "1h 35m", "1 / 0", "1 / 0", "0", "0"], march);
    }
}
