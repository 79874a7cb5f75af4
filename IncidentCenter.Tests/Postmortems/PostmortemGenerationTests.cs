using IncidentCenter.Tests.Support;
using System.Text;
using IncidentCenter.Incidents;
using IncidentCenter.Postmortems;
using IncidentCenter.Shared;
using IncidentCenter.Timeline;

namespace IncidentCenter.Tests.Postmortems;

public class PostmortemGenerationTests : IAsyncLifetime
{
    private PostmortemScenario _s = null!;

    public async Task InitializeAsync() => _s = await PostmortemScenario.CreateAsync();

    public async Task DisposeAsync() => await _s.DisposeAsync();

    [Fact]
    public async Task The_draft_holds_the_incidents_facts_and_front_matter()
    {
        var view = await _s.Postmortems.GenerateAsync(_s.Alice.Principal, _s.IncidentId);
        var md = view.Markdown;

        Assert.Equal(PostmortemState.Draft, view.State);
        Assert.Equal(DefaultTemplates.FullName, view.TemplateName);
        Assert.StartsWith("---\nreference: INC-1\ntitle: \"Checkout | payments \\\"failing\\\"\"\nseverity: SEV1\n", md);
        Assert.Contains("detected_at: 2026-11-23T09:50:00Z\n", md);
        Assert.Contains("declared_at: 2026-11-23T10:00:00Z\n", md);
        // First time each state was reached, though the incident went back to Identified later.
        Assert.Contains("identified_at: 2026-11-23T10:20:00Z\n", md);
        Assert.Contains("mitigated_at: 2026-11-23T10:35:00Z\n", md);
        Assert.Contains("resolved_at: 2026-11-23T11:00:00Z\n", md);
        Assert.Contains("time_to_acknowledge_minutes: 10\ntime_to_identify_minutes: 20\ntime_to_mitigate_minutes: 35\ntime_to_resolve_minutes: 60\ntotal_duration_minutes: 70\n", md);
        Assert.Contains("services: [\"checkout\", \"payments\"]\n", md);
        Assert.Contains("| Incident Commander | Alice Responder |", md);
        Assert.Contains("- Communications Lead: Bob Responder", md);
        Assert.Contains("No status updates were published during this incident.", md);
        Assert.Equal(_s.App.Clock.UtcNow.AddHours(48), view.DueAt);
    }

    [Fact]
    public async Task Each_duration_says_where_its_timestamps_came_from()
    {
        var md = (await _s.Postmortems.GenerateAsync(_s.Alice.Principal, _s.IncidentId)).Markdown;

        Assert.Contains("| Time to acknowledge | from detection to declaration | 10m | entered by a person (detection time) |", md);
        Assert.Contains("| Time to identify | from declaration to cause identified | 20m | recorded by the app |", md);
        Assert.Contains("| Time to mitigate | from declaration to fix in place (monitoring) | 35m | recorded by the app |", md);
        Assert.Contains("| Time to resolve | from declaration to resolution | 1h | recorded by the app |", md);
        Assert.Contains("| Total duration | from detection to resolution | 1h 10m | entered by a person (detection time) |", md);
    }

    [Fact]
    public async Task Key_events_appear_in_event_time_order_without_notes_or_deleted_entries()
    {
        var md = (await _s.Postmortems.GenerateAsync(_s.Alice.Principal, _s.IncidentId)).Markdown;
        var timeline = PostmortemMarkdown.Sections(md)["timeline"];

        Assert.DoesNotContain("Coffee break", timeline);
        Assert.DoesNotContain("Wrong key event", timeline);
        // Written at 10:35 but it happened at 09:52: it sits between detection and declaration.
        var rows = timeline.Split('\n').Where(l => l.StartsWith("| 2026")).ToList();
        Assert.Equal("| 2026-11-23 09:50 UTC | Problem detected. | Alice Responder | entered by a person |", rows[0]);
        Assert.Equal("| 2026-11-23 09:52 UTC | Error-rate alert fired | Alice Responder | entered by a person |", rows[1]);
        Assert.StartsWith("| 2026-11-23 10:00 UTC | Incident declared as SEV1", rows[2]);
        Assert.Equal((await _s.KeyEventsAsync()).Count, rows.Count);
    }

    [Fact]
    public async Task What_the_data_cannot_fill_is_left_as_marked_prompts()
    {
        var md = (await _s.Postmortems.GenerateAsync(_s.Alice.Principal, _s.IncidentId)).Markdown;
        var prompts = md.Split('\n').Where(l => l.StartsWith("> " + PostmortemText.Prompt)).ToList();

        Assert.True(prompts.Count >= 7, $"only {prompts.Count} prompts");
        foreach (var heading in new[] { "## Summary", "## Root cause", "## Resolution", "### What went well", "### What could be improved" })
        {
            var after = md[(md.IndexOf(heading + "\n", StringComparison.Ordinal) + heading.Length)..].TrimStart('\n');
            Assert.StartsWith("> " + PostmortemText.Prompt, after);
        }
        Assert.Contains("Revenue impact", md);
    }

    [Fact]
    public async Task Same_incident_and_template_give_byte_identical_markdown()
    {
        var first = (await _s.Postmortems.GenerateAsync(_s.Alice.Principal, _s.IncidentId)).Markdown;
        var template = await _s.Templates.GetAsync(_s.Admin.Principal, (await _s.Postmortems.GetAsync(_s.Alice.Principal, _s.IncidentId))!.TemplateId);

        _s.App.Clock.Advance(TimeSpan.FromDays(3));
        var previousCulture = Thread.CurrentThread.CurrentCulture;
        Thread.CurrentThread.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
        try
        {
            var second = await _s.Templates.PreviewAsync(_s.Admin.Principal, template.Body, _s.IncidentId);
            Assert.Equal(Encoding.UTF8.GetBytes(first), Encoding.UTF8.GetBytes(second));
        }
        finally
        {
            Thread.CurrentThread.CurrentCulture = previousCulture;
        }
        Assert.DoesNotContain('\r', first);
        Assert.EndsWith("\n", first);
        Assert.False(first.EndsWith("\n\n", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Action_items_show_owner_due_date_and_state()
    {
        var done = await _s.ActionItems.AddAsync(_s.Alice.Principal, _s.IncidentId, "Alert on success rate", _s.Bob.Id, new DateOnly(2026, 12, 1));
        await _s.ActionItems.UpdateAsync(_s.Alice.Principal, done.Id, 0, "Alert on success rate", _s.Bob.Id, new DateOnly(2026, 12, 1), ActionItemState.Done);
        await _s.ActionItems.AddAsync(_s.Alice.Principal, _s.IncidentId, "Validate config | before deploy", null, null);

        var md = (await _s.Postmortems.GenerateAsync(_s.Alice.Principal, _s.IncidentId)).Markdown;

        Assert.Contains("| Alert on success rate | Bob Responder | 2026-12-01 | Done |", md);
        Assert.Contains("| Validate config \\| before deploy | no owner yet | no due date yet | Open |", md);
    }

    [Fact]
    public async Task A_SEV3_gets_the_short_template_and_no_due_date()
    {
        await using var s = await PostmortemScenario.CreateAsync(Severity.Sev3);
        var view = await s.Postmortems.GenerateAsync(s.Alice.Principal, s.IncidentId);

        Assert.Equal(DefaultTemplates.ShortName, view.TemplateName);
        Assert.Contains("## Cause and fix", view.Markdown);
        Assert.Null(view.DueAt);
    }

    [Fact]
    public async Task Generation_needs_a_resolved_incident_and_happens_once()
    {
        await using var open = await PostmortemScenario.CreateAsync(resolve: false);
        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() => open.Postmortems.GenerateAsync(open.Alice.Principal, open.IncidentId));
        Assert.Contains("resolve it", refused.Message);

        await _s.Postmortems.GenerateAsync(_s.Alice.Principal, _s.IncidentId);
        await Assert.ThrowsAsync<ValidationFailedException>(() => _s.Postmortems.GenerateAsync(_s.Bob.Principal, _s.IncidentId));
    }

    [Fact]
    public async Task A_reopened_incident_counts_its_last_resolution()
    {
        var version = await _s.IncidentVersionAsync();
        await _s.App.Incidents.ChangeStateAsync(_s.Alice.Principal, _s.IncidentId, version, IncidentState.Investigating, "Errors are back");
        _s.App.Clock.Advance(TimeSpan.FromMinutes(30));
        await _s.App.Incidents.ChangeStateAsync(_s.Alice.Principal, _s.IncidentId, version + 1, IncidentState.Resolved);

        var md = (await _s.Postmortems.GenerateAsync(_s.Alice.Principal, _s.IncidentId)).Markdown;

        Assert.Contains("resolved_at: 2026-11-23T11:30:00Z\n", md);
        Assert.Contains("identified_at: 2026-11-23T10:20:00Z\n", md);
    }

    [Fact]
    public async Task Preview_removes_marker_lines_and_front_matter_does_not_render()
    {
        var md = (await _s.Postmortems.GenerateAsync(_s.Alice.Principal, _s.IncidentId)).Markdown;

        var preview = PostmortemMarkdown.ForPreview(md);
        Assert.DoesNotContain("generated:", preview);
        var html = SafeMarkdown.ToHtml(preview);
        Assert.DoesNotContain("reference: INC-1", html);
        Assert.DoesNotContain("&lt;!--", html);
        Assert.Contains("<h2>Root cause</h2>", html);
    }

    [Fact]
    public void The_sample_incident_renders_with_both_default_templates()
    {
        Assert.True(PostmortemRenderer.Check(DefaultTemplates.Full).Ok);
        Assert.True(PostmortemRenderer.Check(DefaultTemplates.Short).Ok);
        var md = PostmortemRenderer.Render("Full", DefaultTemplates.Full, SampleIncident.Model);
        Assert.Contains("SEV1 (declared as SEV2)", md);
        Assert.Contains("- 2026-11-20 17:05 UTC: SEV2 → SEV1 (All card payments affected)", md);
        Assert.Contains("- 2026-11-20 17:14 UTC (Identified): A configuration change broke card payments; we are rolling it back.\n", md);
    }
}
