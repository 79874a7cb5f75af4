using IncidentCenter.Incidents;
using IncidentCenter.Postmortems;
using IncidentCenter.Shared;
using Microsoft.EntityFrameworkCore;

namespace IncidentCenter.Tests.Postmortems;

public class TemplateTests : IAsyncLifetime
{
    private PostmortemScenario _s = null!;

    public async Task InitializeAsync() => _s = await PostmortemScenario.CreateAsync();

    public async Task DisposeAsync() => await _s.DisposeAsync();

    [Theory]
    [InlineData("# {{Title}}\n\n{{#each KeyEvents}}\n- {{Text}}\n", 3, "never closed")]
    [InlineData("# {{Title}}\n\nText\n{{/if}}\n", 4, "never opened")]
    [InlineData("a\n{{#if HasServices}}\nb\n{{/each}}\n", 4, "does not match {{#if}} opened on line 2")]
    [InlineData("a\nb\n{{Titel}}\n", 3, "\"Titel\" is not a placeholder")]
    [InlineData("a\n{{Title\n", 2, "never closed with }}")]
    [InlineData("a\n\n{{> footer}}\n", 3, "Partials are not supported")]
    [InlineData("a\n{{foo bar=}}\n", 2, "Unexpected token")]
    [InlineData("a\n<!-- generated:x -->\nb\n", 2, "never closed")]
    public void Check_reports_the_line(string body, int line, string message)
    {
        var check = PostmortemRenderer.Check(body);

        Assert.False(check.Ok);
        Assert.Equal(line, check.Line);
        Assert.StartsWith($"Line {line}: ", check.Error);
        Assert.Contains(message, check.Error);
    }

    [Fact]
    public async Task Save_refuses_a_broken_template_with_the_line_and_admins_only()
    {
        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            _s.Templates.SaveAsync(_s.Admin.Principal, null, 0, "Broken", "# {{Title}}\n{{#if HasServices}}\n"));
        Assert.Contains("Line 2:", refused.Message);
        await Assert.ThrowsAsync<ForbiddenException>(() => _s.Templates.SaveAsync(_s.Alice.Principal, null, 0, "Mine", "# {{Title}}\n"));

        var id = await _s.Templates.SaveAsync(_s.Admin.Principal, null, 0, "Tiny", "# {{Title}}\n\n<!-- generated:t -->\n{{#each KeyEvents}}\n- {{Text}}\n{{/each}}\n<!-- /generated:t -->\n");
        await Assert.ThrowsAsync<ValidationFailedException>(() => _s.Templates.SaveAsync(_s.Admin.Principal, null, 0, "tiny", "x"));
        await _s.Templates.SaveAsync(_s.Admin.Principal, id, 0, "Tiny", "# {{Reference}}\n");
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => _s.Templates.SaveAsync(_s.Admin.Principal, id, 0, "Tiny", "# {{Title}}\n"));

        await _s.Templates.SetDefaultAsync(_s.Admin.Principal, Severity.Sev1, id);
        var list = await _s.Templates.ListAsync(_s.Vera.Principal);
        Assert.Equal([Severity.Sev1], list.Single(t => t.Id == id).DefaultFor);
        Assert.Equal([Severity.Sev2], list.Single(t => t.Name == DefaultTemplates.FullName).DefaultFor);
        Assert.Equal("# INC-1\n", (await _s.Postmortems.GenerateAsync(_s.Alice.Principal, _s.IncidentId)).Markdown);
    }

    [Fact]
    public async Task A_broken_stored_template_fails_generation_clearly_and_only_for_itself()
    {
        var id = await _s.Templates.SaveAsync(_s.Admin.Principal, null, 0, "Will break", "# {{Title}}\n");
        // Broken behind the service's back, as an old database or a manual edit could leave it.
        await _s.App.QueryAsync(db => db.PostmortemTemplates.Where(t => t.Id == id).ExecuteUpdateAsync(u => u.SetProperty(t => t.Body, "# {{Title}}\n\n{{#each KeyEvents}}\n")));

        var failure = await Assert.ThrowsAsync<ValidationFailedException>(() => _s.Postmortems.GenerateAsync(_s.Alice.Principal, _s.IncidentId, id));
        Assert.Contains("\"Will break\" has an error", failure.Message);
        Assert.Contains("Line 3:", failure.Message);
        Assert.Null(await _s.Postmortems.GetAsync(_s.Alice.Principal, _s.IncidentId));

        var view = await _s.Postmortems.GenerateAsync(_s.Alice.Principal, _s.IncidentId);
        Assert.Equal(DefaultTemplates.FullName, view.TemplateName);
    }

    [Fact]
    public async Task Preview_renders_against_the_sample_or_a_real_incident()
    {
        Assert.Equal("# Checkout payments failing (sample)\n", await _s.Templates.PreviewAsync(_s.Admin.Principal, "# {{Title}}", null));
        Assert.Equal("# INC-1 SEV1\n", await _s.Templates.PreviewAsync(_s.Admin.Principal, "# {{Reference}} {{Severity}}\r\n", _s.IncidentId));
        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() => _s.Templates.PreviewAsync(_s.Admin.Principal, "ok\n{{/each}}", null));
        Assert.StartsWith("Line 2:", refused.Message);
    }

    [Fact]
    public async Task A_migrated_database_has_the_two_default_templates_once()
    {
        await using (var db = await _s.App.CreateDbContextAsync())
        {
            await IncidentCenter.Data.DatabaseStartup.MigrateAsync(db);
        }
        var list = await _s.Templates.ListAsync(_s.Vera.Principal);
        Assert.Equal([DefaultTemplates.FullName, DefaultTemplates.ShortName], list.Select(t => t.Name));
        Assert.Equal([Severity.Sev1, Severity.Sev2], list[0].DefaultFor);
        Assert.Equal([Severity.Sev3, Severity.Sev4], list[1].DefaultFor);
    }
}
