using IncidentCenter.Accounts;
using IncidentCenter.Incidents;
using IncidentCenter.Playbooks;
using IncidentCenter.Shared;
using IncidentCenter.Tests.Support;
using IncidentCenter.Timeline;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace IncidentCenter.Tests.Playbooks;

public class ChecklistServiceTests : IAsyncLifetime
{
    private TestApp _app = null!;
    private TestUser _alice = null!; // Responder
    private TestUser _bob = null!;   // Responder
    private TestUser _ada = null!;   // Admin
    private TestUser _vera = null!;  // Viewer

    private ChecklistService Checklists => _app.Services.GetRequiredService<ChecklistService>();

    public async Task InitializeAsync()
    {
        _app = await TestApp.CreateAsync();
        _alice = await _app.CreateUserAsync("Alice Responder", AppRoles.Responder);
        _bob = await _app.CreateUserAsync("Bob Responder", AppRoles.Responder);
        _ada = await _app.CreateUserAsync("Ada Admin", AppRoles.Admin);
        _vera = await _app.CreateUserAsync("Vera Viewer", AppRoles.Viewer);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<int> DeclareAsync(Severity severity, params string[] services)
    {
        var incident = await _app.Incidents.DeclareAsync(_alice.Principal, new DeclareIncident
        {
            Title = "Checkout errors",
            Severity = severity,
            NewServiceNames = [.. services],
        });
        return incident.Id;
    }

    private async Task<IReadOnlyList<string>> ChecklistNamesAsync(int incidentId) =>
        (await Checklists.ListForIncidentAsync(_vera.Principal, incidentId)).Select(c => c.Name).ToList();

    private Task<List<TimelineEntry>> TimelineAsync(int incidentId) =>
        _app.QueryAsync(db => db.TimelineEntries.AsNoTracking().Where(t => t.IncidentId == incidentId).OrderBy(t => t.Id).ToListAsync());

    [Fact]
    public async Task Declaring_attaches_the_default_checklists_for_the_severity_with_their_items_in_order()
    {
        var sev3 = await DeclareAsync(Severity.Sev3);
        var sev1 = await DeclareAsync(Severity.Sev1);

        Assert.Equal([DefaultPlaybooks.Investigation, DefaultPlaybooks.ResolutionVerification], await ChecklistNamesAsync(sev3));
        Assert.Equal([DefaultPlaybooks.Investigation, DefaultPlaybooks.MajorIncident, DefaultPlaybooks.ResolutionVerification],
            await ChecklistNamesAsync(sev1));

        var investigation = (await Checklists.ListForIncidentAsync(_vera.Principal, sev1)).First(c => c.Name == DefaultPlaybooks.Investigation);
        var expected = DefaultPlaybooks.Checklists.First(c => c.Name == DefaultPlaybooks.Investigation).Items;
        Assert.Equal(expected, investigation.Items.Select(i => i.Text));
        Assert.All(investigation.Items, i => Assert.False(i.IsChecked));
        Assert.Equal("Alice Responder", investigation.AttachedByName);
        Assert.Equal(_app.Clock.UtcNow, investigation.AttachedAt);
    }

    [Fact]
    public async Task A_template_limited_to_services_is_attached_only_when_one_of_them_is_affected()
    {
        var payments = await _app.Catalog.AddAsync(_ada.Principal, "payments", null);
        await Checklists.SaveTemplateAsync(_ada.Principal, null, 0, new ChecklistTemplateDraft
        {
            Name = "Payment provider check",
            Severities = [Severity.Sev2],
            ServiceIds = [payments.Id],
            Items = ["Open the provider's status page", "", "  Retry a test payment  "],
        });

        var paymentsSev2 = await DeclareAsync(Severity.Sev2, "payments", "checkout");
        var searchSev2 = await DeclareAsync(Severity.Sev2, "search");
        var paymentsSev3 = await DeclareAsync(Severity.Sev3, "payments");

        Assert.Contains("Payment provider check", await ChecklistNamesAsync(paymentsSev2));
        Assert.DoesNotContain("Payment provider check", await ChecklistNamesAsync(searchSev2));
        Assert.DoesNotContain("Payment provider check", await ChecklistNamesAsync(paymentsSev3));
        var copy = (await Checklists.ListForIncidentAsync(_vera.Principal, paymentsSev2)).Single(c => c.Name == "Payment provider check");
        Assert.Equal(["Open the provider's status page", "Retry a test payment"], copy.Items.Select(i => i.Text));
    }

    [Fact]
    public async Task Editing_or_deleting_a_template_later_leaves_incident_checklists_as_they_were()
    {
        var id = await DeclareAsync(Severity.Sev2);
        var template = (await Checklists.ListTemplatesAsync(_ada.Principal)).Single(t => t.Name == DefaultPlaybooks.Investigation);

        await Checklists.SaveTemplateAsync(_ada.Principal, template.Id, template.Version, new ChecklistTemplateDraft
        {
            Name = "Investigation v2",
            Severities = [.. template.Severities],
            Items = ["Something else entirely"],
        });
        var before = await Checklists.ListForIncidentAsync(_vera.Principal, id);
        Assert.Equal(DefaultPlaybooks.Checklists[0].Items, before.Single(c => c.Name == DefaultPlaybooks.Investigation).Items.Select(i => i.Text));

        var edited = (await Checklists.ListTemplatesAsync(_ada.Principal)).Single(t => t.Id == template.Id);
        await Checklists.DeleteTemplateAsync(_ada.Principal, edited.Id, edited.Version);
        Assert.Equal(before.Select(c => c.Name), await ChecklistNamesAsync(id));

        // The next incident gets the edited template no more.
        Assert.DoesNotContain("Investigation v2", await ChecklistNamesAsync(await DeclareAsync(Severity.Sev2)));
    }

    [Fact]
    public async Task Ticking_and_unticking_are_recorded_in_the_timeline_with_who_and_when()
    {
        var id = await DeclareAsync(Severity.Sev2);
        var item = (await Checklists.ListForIncidentAsync(_alice.Principal, id))[0].Items[1];
        var entriesBefore = (await TimelineAsync(id)).Count;

        _app.Clock.Advance(TimeSpan.FromMinutes(3));
        var ticked = await Checklists.TickAsync(_bob.Principal, item.Id, true);

        Assert.True(ticked.Changed);
        Assert.True(ticked.Item.IsChecked);
        Assert.Equal("Bob Responder", ticked.Item.CheckedByName);
        Assert.Equal(_app.Clock.UtcNow, ticked.Item.CheckedAt);
        var entry = (await TimelineAsync(id)).Last();
        Assert.Equal(TimelineEntryKind.System, entry.Kind);
        Assert.Equal(_bob.Id, entry.AuthorId);
        Assert.Equal(_app.Clock.UtcNow, entry.OccurredAt);
        Assert.Equal($"Bob Responder ticked \"{item.Text}\" (Investigation checklist).", entry.Text);

        _app.Clock.Advance(TimeSpan.FromMinutes(1));
        var unticked = await Checklists.TickAsync(_alice.Principal, item.Id, false);

        Assert.True(unticked.Changed);
        Assert.False(unticked.Item.IsChecked);
        Assert.Null(unticked.Item.CheckedByName);
        var last = (await TimelineAsync(id)).Last();
        Assert.Equal($"Alice Responder unticked \"{item.Text}\" (Investigation checklist).", last.Text);
        Assert.Equal(_alice.Id, last.AuthorId);
        Assert.Equal(entriesBefore + 2, (await TimelineAsync(id)).Count);
    }

    [Fact]
    public async Task Ticking_an_already_ticked_item_is_a_no_op_that_shows_who_ticked_it()
    {
        var id = await DeclareAsync(Severity.Sev2);
        var item = (await Checklists.ListForIncidentAsync(_alice.Principal, id))[0].Items[0];
        await Checklists.TickAsync(_alice.Principal, item.Id, true);
        var before = await _app.SnapshotAsync();

        _app.Clock.Advance(TimeSpan.FromMinutes(1));
        var again = await Checklists.TickAsync(_bob.Principal, item.Id, true);

        Assert.False(again.Changed);
        Assert.True(again.Item.IsChecked);
        Assert.Equal("Alice Responder", again.Item.CheckedByName);
        Assert.Equal(before, await _app.SnapshotAsync());
    }

    [Fact]
    public async Task Two_people_ticking_the_same_item_at_once_tick_it_once_without_an_error()
    {
        var id = await DeclareAsync(Severity.Sev2);
        var item = (await Checklists.ListForIncidentAsync(_alice.Principal, id))[0].Items[0];
        var entriesBefore = (await TimelineAsync(id)).Count;

        var results = await Task.WhenAll(
            Task.Run(() => Checklists.TickAsync(_alice.Principal, item.Id, true)),
            Task.Run(() => Checklists.TickAsync(_bob.Principal, item.Id, true)));

        Assert.Single(results, r => r.Changed);
        Assert.All(results, r => Assert.True(r.Item.IsChecked));
        Assert.Equal(entriesBefore + 1, (await TimelineAsync(id)).Count);
    }

    [Fact]
    public async Task A_tick_is_published_to_open_pages_after_it_is_saved()
    {
        var id = await DeclareAsync(Severity.Sev2);
        var item = (await Checklists.ListForIncidentAsync(_alice.Principal, id))[0].Items[0];
        var seen = new List<(IncidentChangeKind Kind, bool Saved)>();
        using var subscription = _app.Services.GetRequiredService<IncidentNotifier>().Subscribe(id, async change =>
        {
            var saved = await _app.QueryAsync(db => db.IncidentChecklistItems.Where(i => i.Id == item.Id).Select(i => i.IsChecked).SingleAsync());
            seen.Add((change.Kind, saved));
        });

        await Checklists.TickAsync(_alice.Principal, item.Id, true);
        await Checklists.TickAsync(_alice.Principal, item.Id, true);

        Assert.Equal([(IncidentChangeKind.ChecklistChanged, true)], seen);
    }

    [Fact]
    public async Task A_responder_attaches_another_checklist_by_hand_once()
    {
        var id = await DeclareAsync(Severity.Sev4);
        var major = (await Checklists.ListTemplatesAsync(_alice.Principal)).Single(t => t.Name == DefaultPlaybooks.MajorIncident);
        Assert.DoesNotContain(DefaultPlaybooks.MajorIncident, await ChecklistNamesAsync(id));

        var attached = await Checklists.AttachAsync(_bob.Principal, id, major.Id);

        Assert.Equal(major.Items, attached.Items.Select(i => i.Text));
        Assert.Contains(DefaultPlaybooks.MajorIncident, await ChecklistNamesAsync(id));
        Assert.Equal($"Bob Responder attached the {DefaultPlaybooks.MajorIncident} checklist.", (await TimelineAsync(id)).Last().Text);
        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() => Checklists.AttachAsync(_alice.Principal, id, major.Id));
        Assert.Contains("already has", refused.Message);
    }

    [Fact]
    public async Task Template_validation_and_stale_versions_are_refused()
    {
        var invalid = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            Checklists.SaveTemplateAsync(_ada.Principal, null, 0, new ChecklistTemplateDraft { Name = " ", Items = ["", " "] }));
        Assert.Contains("Give the checklist a name.", invalid.Errors);
        Assert.Contains("A checklist needs at least one item.", invalid.Errors);
        await Assert.ThrowsAsync<ValidationFailedException>(() =>
            Checklists.SaveTemplateAsync(_ada.Principal, null, 0, new ChecklistTemplateDraft { Name = "investigation", Items = ["x"] }));

        var template = (await Checklists.ListTemplatesAsync(_ada.Principal)).First();
        var draft = new ChecklistTemplateDraft { Name = template.Name, Severities = [Severity.Sev1], Items = ["One"] };
        await Checklists.SaveTemplateAsync(_ada.Principal, template.Id, template.Version, draft);
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => Checklists.SaveTemplateAsync(_ada.Principal, template.Id, template.Version, draft));
    }
}
