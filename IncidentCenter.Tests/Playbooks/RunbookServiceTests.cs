using IncidentCenter.Accounts;
using IncidentCenter.Catalog;
using IncidentCenter.Incidents;
using IncidentCenter.Playbooks;
using IncidentCenter.Shared;
using IncidentCenter.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace IncidentCenter.Tests.Playbooks;

public class RunbookServiceTests : IAsyncLifetime
{
    private TestApp _app = null!;
    private TestUser _alice = null!; // Responder
    private TestUser _bob = null!;   // Responder
    private TestUser _ada = null!;   // Admin
    private TestUser _vera = null!;  // Viewer

    private RunbookService Runbooks => _app.Services.GetRequiredService<RunbookService>();

    public async Task InitializeAsync()
    {
        _app = await TestApp.CreateAsync();
        _alice = await _app.CreateUserAsync("Alice Responder", AppRoles.Responder);
        _bob = await _app.CreateUserAsync("Bob Responder", AppRoles.Responder);
        _ada = await _app.CreateUserAsync("Ada Admin", AppRoles.Admin);
        _vera = await _app.CreateUserAsync("Vera Viewer", AppRoles.Viewer);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<int> IdOfAsync(string title) => (await Runbooks.SearchAsync(_vera.Principal, null)).Single(r => r.Title == title).Id;

    [Fact]
    public async Task Two_people_creating_runbooks_with_the_same_title_at_once_get_one_saved_and_one_validation_message()
    {
        for (var round = 0; round < 8; round++)
        {
            var title = $"Cache stampede {round}";
            var results = await Task.WhenAll(
                Capture(() => Runbooks.SaveAsync(_alice.Principal, null, 0, new RunbookDraft { Title = title, Body = "Mine." })),
                Capture(() => Runbooks.SaveAsync(_bob.Principal, null, 0, new RunbookDraft { Title = title.ToUpperInvariant(), Body = "Theirs." })));
            Assert.Single(results, r => r is null);
            var refused = Assert.Single(results, r => r is not null);
            // A refusal the page shows, not a database error that ends the circuit and loses the text.
            Assert.IsType<ValidationFailedException>(refused);
        }
    }

    [Fact]
    public async Task Two_admins_creating_checklist_templates_with_the_same_name_at_once_get_one_saved_and_one_validation_message()
    {
        var checklists = _app.Services.GetRequiredService<ChecklistService>();
        for (var round = 0; round < 8; round++)
        {
            var name = $"Failover drill {round}";
            var results = await Task.WhenAll(
                Capture(() => checklists.SaveTemplateAsync(_ada.Principal, null, 0, new ChecklistTemplateDraft { Name = name, Items = ["One"] })),
                Capture(() => checklists.SaveTemplateAsync(_ada.Principal, null, 0, new ChecklistTemplateDraft { Name = name, Items = ["Two"] })));
            Assert.Single(results, r => r is null);
            Assert.IsType<ValidationFailedException>(Assert.Single(results, r => r is not null));
        }
    }

    private static async Task<Exception?> Capture(Func<Task> action)
    {
        await Task.Yield();
        try
        {
            await action();
            return null;
        }
        catch (Exception ex)
        {
            return ex;
        }
    }

    [Fact]
    public async Task The_default_runbooks_cover_the_common_incidents()
    {
        var all = await Runbooks.SearchAsync(_vera.Principal, "");
        Assert.Equal(DefaultPlaybooks.Runbooks.Select(r => r.Title).Order(StringComparer.OrdinalIgnoreCase), all.Select(r => r.Title));
        var db = await Runbooks.GetAsync(_vera.Principal, await IdOfAsync("Database connection failure"));
        Assert.Contains("## Symptoms", db.Body);
        Assert.Contains("## Diagnosis", db.Body);
        Assert.Contains("## Resolution", db.Body);
    }

    [Fact]
    public async Task Search_matches_every_word_in_title_keywords_or_body_and_ranks_title_hits_first()
    {
        Assert.Equal(["Email delivery problems"], (await Runbooks.SearchAsync(_vera.Principal, "SMTP")).Select(r => r.Title));
        // "memory" is in one title and in another runbook's body ("memory fills" is in High memory usage only).
        var memory = await Runbooks.SearchAsync(_vera.Principal, "memory");
        Assert.Equal("High memory usage", memory[0].Title);
        Assert.Equal(["Database connection failure"], (await Runbooks.SearchAsync(_vera.Principal, "pool idle")).Select(r => r.Title));
        Assert.Empty(await Runbooks.SearchAsync(_vera.Principal, "pool kubernetes-nothing"));
        // LIKE wildcards typed by a person are literal: only one runbook has a "%" in it.
        Assert.Equal(["High error rate"], (await Runbooks.SearchAsync(_vera.Principal, "%")).Select(r => r.Title));
        Assert.Empty(await Runbooks.SearchAsync(_vera.Principal, "_"));
    }

    [Fact]
    public async Task Suggestions_rank_linked_services_above_keywords_and_say_why()
    {
        var payments = await _app.Catalog.AddAsync(_ada.Principal, "payments", null);
        var runbook = await Runbooks.SaveAsync(_alice.Principal, null, 0, new RunbookDraft
        {
            Title = "Payment provider outage",
            Keywords = "provider, card",
            Body = "## Symptoms\nCards are declined.",
            ServiceIds = [payments.Id],
        });
        var incident = await _app.Incidents.DeclareAsync(_alice.Principal, new DeclareIncident
        {
            Title = "Checkout slow and database timeout",
            Description = "Card payments fail; the pool looks exhausted.",
            Severity = Severity.Sev2,
            ServiceIds = [payments.Id],
        });

        var suggestions = await Runbooks.SuggestAsync(_vera.Principal, incident.Id);

        Assert.Equal(RunbookService.SuggestionCount, suggestions.Count);
        Assert.Equal(runbook.Id, suggestions[0].Id);
        Assert.Contains("Linked to service payments", suggestions[0].Reasons);
        Assert.Contains("\"card\" in the description", suggestions[0].Reasons);
        Assert.Equal("Database connection failure", suggestions[1].Title);
        Assert.Contains("\"database\" in the title", suggestions[1].Reasons);
        Assert.Contains("\"pool\" in the description", suggestions[1].Reasons);
        Assert.Equal("Slow responses", suggestions[2].Title);
        Assert.True(suggestions[0].Score > suggestions[1].Score && suggestions[1].Score > suggestions[2].Score);
    }

    [Fact]
    public void Keywords_match_whole_words_only()
    {
        Assert.True(RunbookService.ContainsPhrase("Login broken (401) for all", "401"));
        Assert.True(RunbookService.ContainsPhrase("DB down", "db"));
        Assert.True(RunbookService.ContainsPhrase("Users see an error rate of 20%", "error rate"));
        Assert.False(RunbookService.ContainsPhrase("dbus crashed", "db"));
        Assert.False(RunbookService.ContainsPhrase("Slowness", "slow"));
        Assert.False(RunbookService.ContainsPhrase(null, "slow"));

        var none = RunbookService.Rank("Typo on the pricing page", null, new Dictionary<int, string>(),
            [new Runbook { Id = 1, Title = "Service down", Keywords = "down, outage" }]);
        Assert.Empty(none);
    }

    [Fact]
    public async Task Every_save_is_a_revision_with_who_and_when_and_an_old_one_can_be_viewed_and_restored()
    {
        var id = await IdOfAsync("Slow responses");
        var original = await Runbooks.GetAsync(_alice.Principal, id);

        _app.Clock.Advance(TimeSpan.FromMinutes(5));
        var edited = await Runbooks.SaveAsync(_alice.Principal, id, original.Version, new RunbookDraft
        {
            Title = original.Title, Keywords = original.Keywords + ", latency spike", Body = original.Body + "\n\n## Note\nCheck the CDN too.",
        });
        Assert.Equal(original.Version + 1, edited.Version);
        Assert.Equal("Alice Responder", edited.UpdatedByName);
        Assert.Contains("latency spike", edited.Keywords);

        var revisions = await Runbooks.RevisionsAsync(_vera.Principal, id);
        Assert.Equal([2, 1], revisions.Select(r => r.Number));
        Assert.Equal("Alice Responder", revisions[0].SavedByName);
        Assert.Equal(_app.Clock.UtcNow, revisions[0].SavedAt);
        var first = await Runbooks.RevisionAsync(_vera.Principal, revisions[1].Id);
        Assert.Equal(original.Body, first.Body);

        _app.Clock.Advance(TimeSpan.FromMinutes(5));
        var restored = await Runbooks.RestoreAsync(_bob.Principal, id, edited.Version, first.Id);

        Assert.Equal(original.Body, restored.Body);
        Assert.Equal(original.Keywords, restored.Keywords);
        Assert.Equal("Bob Responder", restored.UpdatedByName);
        var after = await Runbooks.RevisionsAsync(_vera.Principal, id);
        Assert.Equal([3, 2, 1], after.Select(r => r.Number));
        Assert.Equal("restored revision 1", after[0].Reason);
        Assert.Contains("Check the CDN too.", (await Runbooks.RevisionAsync(_vera.Principal, after[1].Id)).Body);
    }

    [Fact]
    public async Task A_stale_version_is_refused_and_nothing_is_overwritten()
    {
        var id = await IdOfAsync("Service down");
        var loaded = await Runbooks.GetAsync(_alice.Principal, id);
        await Runbooks.SaveAsync(_bob.Principal, id, loaded.Version, new RunbookDraft { Title = loaded.Title, Keywords = loaded.Keywords, Body = "Bob's version" });
        var before = await _app.SnapshotAsync();

        var conflict = await Assert.ThrowsAsync<ConcurrencyConflictException>(() =>
            Runbooks.SaveAsync(_alice.Principal, id, loaded.Version, new RunbookDraft { Title = loaded.Title, Keywords = loaded.Keywords, Body = "Alice's version" }));
        Assert.Contains("Your text is kept", conflict.Message);
        var firstRevision = (await Runbooks.RevisionsAsync(_alice.Principal, id)).Last().Id;
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => Runbooks.RestoreAsync(_alice.Principal, id, loaded.Version, firstRevision));

        Assert.Equal(before, await _app.SnapshotAsync());
        Assert.Equal("Bob's version", (await Runbooks.GetAsync(_vera.Principal, id)).Body);
    }

    [Fact]
    public async Task New_runbooks_are_validated_and_titles_are_unique_ignoring_case()
    {
        var invalid = await Assert.ThrowsAsync<ValidationFailedException>(() => Runbooks.SaveAsync(_alice.Principal, null, 0, new RunbookDraft { Title = "", Body = " " }));
        Assert.Equal(2, invalid.Errors.Count);
        await Assert.ThrowsAsync<ValidationFailedException>(() => Runbooks.SaveAsync(_alice.Principal, null, 0, new RunbookDraft { Title = "service DOWN", Body = "x" }));

        var created = await Runbooks.SaveAsync(_alice.Principal, null, 0, new RunbookDraft { Title = "Disk full", Keywords = "disk, ; space,, DISK", Body = "Free space." });
        Assert.Equal("disk, space", created.Keywords);
        Assert.Equal([1], (await Runbooks.RevisionsAsync(_vera.Principal, created.Id)).Select(r => r.Number));
        await Assert.ThrowsAsync<ValidationFailedException>(() =>
            Runbooks.SaveAsync(_alice.Principal, created.Id, created.Version, new RunbookDraft { Title = "Disk full", Keywords = "disk, space", Body = "Free space." }));
    }
}
