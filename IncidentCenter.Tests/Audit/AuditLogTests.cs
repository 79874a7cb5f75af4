using System.Security.Claims;
using IncidentCenter.Accounts;
using IncidentCenter.Audit;
using IncidentCenter.Incidents;
using IncidentCenter.Intake;
using IncidentCenter.Notifications;
using IncidentCenter.Response;
using IncidentCenter.Shared;
using IncidentCenter.StatusPage;
using IncidentCenter.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace IncidentCenter.Tests.Audit;

public class AuditLogTests : IAsyncLifetime
{
    private TestApp _app = null!;
    private TestUser _ada = null!;
    private TestUser _rita = null!;
    private ClaimsPrincipal _adaFromAddress = null!;

    public async Task InitializeAsync()
    {
        _app = await TestApp.CreateAsync();
        _ada = await _app.CreateUserAsync("Ada Admin", AppRoles.Admin);
        _rita = await _app.CreateUserAsync("Rita Responder", AppRoles.Responder);
        // As UseAuditClientAddress leaves the principal of a request (or of the request that opened a circuit).
        _adaFromAddress = new ClaimsPrincipal(_ada.Principal.Identities);
        _adaFromAddress.AddIdentity(new ClaimsIdentity([new Claim(AuditLog.ClientAddressClaim, "203.0.113.7")]));
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private T Get<T>() where T : notnull => _app.Services.GetRequiredService<T>();

    private Task<List<AuditEntry>> LogAsync() => _app.QueryAsync(db => db.AuditEntries.AsNoTracking().OrderBy(e => e.Id).ToListAsync());

    [Fact]
    public async Task Every_kind_of_Admin_change_is_logged_with_who_when_where_and_what()
    {
        var tokens = Get<ApiTokenService>();
        var created = await tokens.CreateAsync(_adaFromAddress, "Alertmanager (prod)");
        _app.Clock.Advance(TimeSpan.FromMinutes(1));
        await tokens.RevokeAsync(_adaFromAddress, created.Token.Id);

        var hooks = Get<WebhookService>();
        var hook = await hooks.CreateAsync(_adaFromAddress, new WebhookForm
        {
            Name = "Ops channel",
            Url = "https://hooks.slack.com/services/T000/B000/SLACKPATHSECRET",
            Secret = "signing-secret-value",
        });
        await hooks.UpdateAsync(_adaFromAddress, hook.Id, hook.Version, new WebhookForm
        {
            Name = "Ops channel",
            Url = "https://hooks.slack.com/services/T000/B000/OTHERPATHSECRET",
            IsEnabled = false,
        });

        var policies = Get<SeverityPolicyService>();
        var sev1 = (await policies.GetSettingsAsync(_adaFromAddress)).Single(s => s.Severity == Severity.Sev1);
        var values = SeverityPolicyValues.From(sev1);
        values.AcknowledgeMinutes = 3;
        await policies.UpdateAsync(_adaFromAddress, Severity.Sev1, sev1.Version, values);

        var status = Get<StatusPageService>();
        var service = await _app.Catalog.AddAsync(_adaFromAddress, "Checkout", null);
        var component = (await status.ListComponentsAsync(_adaFromAddress)).Single(c => c.ServiceId == service.Id);
        await status.SaveComponentAsync(_adaFromAddress, service.Id, component.Version, new ComponentSettings("Checkout", null, 0, IsPublic: true));

        await Get<StatusTemplateService>().SaveAsync(_adaFromAddress, StatusStage.Investigating, (await Get<StatusTemplateService>().ListAsync(_adaFromAddress)).Single(t => t.Stage == StatusStage.Investigating).Version, "We are looking into {{Services}}.");
        await _app.UserAdmin.ChangeRoleAsync(_adaFromAddress, _rita.Id, AppRoles.Viewer);
        await _app.UserAdmin.SetDisabledAsync(_adaFromAddress, _rita.Id, true);

        var log = await LogAsync();
        Assert.Equal(
            ["token.create", "token.revoke", "webhook.create", "webhook.update", "policy.severity", "component.update", "template.status.update", "user.role", "user.disable"],
            log.Select(e => e.Action));
        Assert.All(log, e =>
        {
            Assert.Equal(_ada.Id, e.ActorId);
            Assert.Equal("Ada Admin", e.ActorName);
            Assert.Equal("203.0.113.7", e.ClientAddress);
        });
        Assert.Equal(_app.Clock.UtcNow.AddMinutes(-1), log[0].At);
        Assert.Equal(_app.Clock.UtcNow, log[1].At);
        Assert.Contains("active → revoked", log[1].Summary);
        Assert.Contains("acknowledge 5 min → 3 min", log.Single(e => e.Action == "policy.severity").Summary);
        Assert.Contains("on the public page no → yes", log.Single(e => e.Action == "component.update").Summary);
        Assert.Contains("role Responder → Viewer", log.Single(e => e.Action == "user.role").Summary);
        var webhookUpdate = log.Single(e => e.Action == "webhook.update").Summary;
        Assert.Contains("address changed", webhookUpdate);
        Assert.Contains("enabled yes → no", webhookUpdate);
        // Slack keeps its secret in the path; neither it nor the signing secret enters the log.
        Assert.All(log, e =>
        {
            Assert.DoesNotContain("PATHSECRET", e.Summary);
            Assert.DoesNotContain("signing-secret-value", e.Summary);
            Assert.DoesNotContain(created.Value, e.Summary);
        });
    }

    [Fact]
    public async Task A_refused_change_leaves_no_line()
    {
        var tokens = Get<ApiTokenService>();
        await Assert.ThrowsAsync<ValidationFailedException>(() => tokens.CreateAsync(_adaFromAddress, "  "));
        await Assert.ThrowsAsync<ForbiddenException>(() => tokens.CreateAsync(_rita.Principal, "Not allowed"));
        var hooks = Get<WebhookService>();
        var hook = await hooks.CreateAsync(_adaFromAddress, new WebhookForm { Name = "Ops", Url = "https://example.com/hook" });
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => hooks.UpdateAsync(_adaFromAddress, hook.Id, hook.Version + 1, new WebhookForm { Name = "Ops 2", Url = "https://example.com/hook" }));

        Assert.Equal(["webhook.create"], (await LogAsync()).Select(e => e.Action));
    }

    [Fact]
    public async Task The_database_refuses_to_change_or_delete_a_line()
    {
        await Get<ApiTokenService>().CreateAsync(_adaFromAddress, "Alertmanager");
        var before = await _app.SnapshotAsync();

        var update = await Assert.ThrowsAsync<SqliteException>(() => _app.SqlAsync("UPDATE \"AuditEntries\" SET \"ActorName\" = 'Someone else'"));
        var delete = await Assert.ThrowsAsync<SqliteException>(() => _app.SqlAsync("DELETE FROM \"AuditEntries\""));

        Assert.Contains("append-only", update.Message);
        Assert.Contains("append-only", delete.Message);
        Assert.Equal(before, await _app.SnapshotAsync());
    }

    [Fact]
    public async Task Only_Admins_read_the_log_and_filters_narrow_it()
    {
        var tokens = Get<ApiTokenService>();
        await tokens.CreateAsync(_adaFromAddress, "Alertmanager");
        await _app.UserAdmin.ChangeRoleAsync(_adaFromAddress, _rita.Id, AppRoles.Viewer);
        var audit = Get<AuditService>();

        await Assert.ThrowsAsync<ForbiddenException>(() => audit.ListAsync(_rita.Principal, new AuditFilter()));
        await Assert.ThrowsAsync<ForbiddenException>(() => audit.CsvAsync(_rita.Principal, new AuditFilter()));

        Assert.Equal(["user.role", "token.create"], (await audit.ListAsync(_ada.Principal, new AuditFilter())).Entries.Select(e => e.Action));
        Assert.Equal(["token.create"], (await audit.ListAsync(_ada.Principal, new AuditFilter(Area: "token."))).Entries.Select(e => e.Action));
        Assert.Equal(["user.role"], (await audit.ListAsync(_ada.Principal, new AuditFilter(Text: "Viewer"))).Entries.Select(e => e.Action));
        Assert.Equal(2, (await audit.ListAsync(_ada.Principal, new AuditFilter(Who: "203.0.113.7"))).Entries.Count);
        Assert.Empty((await audit.ListAsync(_ada.Principal, new AuditFilter(From: _app.Clock.UtcNow.AddDays(1)))).Entries);
    }

    [Fact]
    public async Task The_csv_export_defuses_formulas_and_quotes_fields()
    {
        await Get<ApiTokenService>().CreateAsync(_adaFromAddress, "=HYPERLINK(\"https://evil.example\",\"click\")");

        var csv = await Get<AuditService>().CsvAsync(_ada.Principal, new AuditFilter());

        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("at_utc,actor,actor_id,action,summary,client_address", lines[0]);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("2026-11-23T10:00:00Z,Ada Admin,", lines[1]);
        // The summary starts with a quote here, so it is quoted with its quotes doubled; a field that starts with = gets a ' first.
        Assert.Contains("\"\"\"=HYPERLINK(\"\"https://evil.example\"\",\"\"click\"\")\"\"", lines[1]);
        Assert.Equal("'=cmd", IncidentCenter.Metrics.MetricsCsv.Field("=cmd"));
        Assert.EndsWith(",203.0.113.7", lines[1]);
    }
}
