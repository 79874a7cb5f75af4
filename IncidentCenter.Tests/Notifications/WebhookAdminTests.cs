using System.Security.Claims;
using IncidentCenter.Accounts;
using IncidentCenter.Incidents;
using IncidentCenter.Intake;
using IncidentCenter.Notifications;
using IncidentCenter.Shared;
using IncidentCenter.Tests.Accounts;
using IncidentCenter.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace IncidentCenter.Tests.Notifications;

public class WebhookAdminTests : IAsyncLifetime
{
    private TestApp _app = null!;
    private TestUser _admin = null!;

    private WebhookService Webhooks => _app.Services.GetRequiredService<WebhookService>();

    public async Task InitializeAsync()
    {
        _app = await TestApp.CreateAsync();
        _admin = await _app.CreateUserAsync("Ada Admin", AppRoles.Admin);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [InlineData("", "Enter the URL to send to.")]
    [InlineData("hooks.slack.com/services/T0/B0/x", "The URL must be an absolute http:// or https:// address.")]
    [InlineData("ftp://example.test/hook", "The URL must be an absolute http:// or https:// address.")]
    [InlineData("/relative/hook", "The URL must be an absolute http:// or https:// address.")]
    [InlineData("javascript:alert(1)", "The URL must be an absolute http:// or https:// address.")]
    public async Task A_webhook_needs_an_absolute_http_or_https_url(string url, string message)
    {
        var ex = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            Webhooks.CreateAsync(_admin.Principal, new WebhookForm { Name = "Ops", Url = url }));
        Assert.Contains(message, ex.Errors);
        Assert.Empty(await Webhooks.ListAsync(_admin.Principal));
    }

    [Fact]
    public async Task Names_are_unique_ignoring_case_and_at_least_one_event_is_needed()
    {
        await Webhooks.CreateAsync(_admin.Principal, new WebhookForm { Name = "Ops channel", Url = "https://hooks.example.test/a" });

        var duplicate = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            Webhooks.CreateAsync(_admin.Principal, new WebhookForm { Name = "OPS CHANNEL", Url = "https://hooks.example.test/b" }));
        Assert.Equal("A webhook named \"OPS CHANNEL\" already exists.", duplicate.Message);
        var none = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            Webhooks.CreateAsync(_admin.Principal, new WebhookForm { Name = "Quiet", Url = "https://hooks.example.test/c", Events = [] }));
        Assert.Equal("Choose at least one event to send.", none.Message);
    }

    [Fact]
    public async Task Editing_keeps_the_secret_unless_replaced_or_removed_and_refuses_a_stale_version()
    {
        var hook = await Webhooks.CreateAsync(_admin.Principal, new WebhookForm { Name = "Pager", Url = "https://hooks.example.test/p", Secret = "one" });
        Assert.True(hook.HasSecret);

        var form = hook.ToForm();
        form.Events = [ProcessEventKind.Declared, ProcessEventKind.Escalated];
        form.Format = WebhookFormat.Generic;
        var edited = await Webhooks.UpdateAsync(_admin.Principal, hook.Id, hook.Version, form);
        Assert.True(edited.HasSecret);
        Assert.Equal("one", await _app.QueryAsync(db => db.Webhooks.Select(w => w.Secret).SingleAsync()));
        Assert.Equal([ProcessEventKind.Declared, ProcessEventKind.Escalated], edited.Events);
        Assert.Equal(WebhookFormat.Generic, edited.Format);

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => Webhooks.UpdateAsync(_admin.Principal, hook.Id, hook.Version, form));

        form = edited.ToForm();
        form.RemoveSecret = true;
        Assert.False((await Webhooks.UpdateAsync(_admin.Principal, hook.Id, edited.Version, form)).HasSecret);
    }

    [Fact]
    public async Task Deleting_a_webhook_removes_its_delivery_log()
    {
        var hook = await Webhooks.CreateAsync(_admin.Principal, new WebhookForm { Name = "Old", Url = "http://127.0.0.1:9/never" });
        await Webhooks.SendTestAsync(_admin.Principal, hook.Id);
        await _app.Services.GetRequiredService<WebhookDispatcher>().RunDueAsync(_app.Clock.UtcNow);
        Assert.Single(await Webhooks.DeliveriesAsync(_admin.Principal));

        await Webhooks.DeleteAsync(_admin.Principal, hook.Id, hook.Version);

        Assert.Empty(await Webhooks.ListAsync(_admin.Principal));
        Assert.Empty(await Webhooks.DeliveriesAsync(_admin.Principal));
        Assert.Equal(["0"], await _app.SqlAsync("SELECT COUNT(*) FROM \"WebhookAttempts\""));
    }
}

/// <summary>Webhook and API token administration: only current Admins, checked in the service on every call.</summary>
public sealed class IntegrationAdminScenario
{
    public AuthorizationScenario Base { get; private set; } = null!;
    public int WebhookId { get; private set; }
    public long DeliveryId { get; private set; }
    public int TokenId { get; private set; }

    private WebhookService Webhooks => Base.App.Services.GetRequiredService<WebhookService>();
    private ApiTokenService Tokens => Base.App.Services.GetRequiredService<ApiTokenService>();

    public static async Task<IntegrationAdminScenario> CreateAsync(TestApp app)
    {
        var s = new IntegrationAdminScenario { Base = await AuthorizationScenario.CreateAsync(app) };
        var admin = s.Base.Admin.Principal;
        s.WebhookId = (await s.Webhooks.CreateAsync(admin, new WebhookForm { Name = "Ops", Url = "http://127.0.0.1:9/hook" })).Id;
        s.DeliveryId = await s.Webhooks.SendTestAsync(admin, s.WebhookId);
        // Nothing listens on port 9: the first attempt fails and a retry is scheduled.
        await app.Services.GetRequiredService<WebhookDispatcher>().RunDueAsync(app.Clock.UtcNow);
        s.TokenId = (await s.Tokens.CreateAsync(admin, "Alertmanager")).Token.Id;
        return s;
    }

    public static readonly IReadOnlyDictionary<string, Func<IntegrationAdminScenario, ClaimsPrincipal, Task>> Actions =
        new Dictionary<string, Func<IntegrationAdminScenario, ClaimsPrincipal, Task>>
        {
            ["WebhookService.CreateAsync"] = (s, u) => s.Webhooks.CreateAsync(u, new WebhookForm { Name = "New", Url = "https://hooks.example.test/n" }),
            ["WebhookService.UpdateAsync"] = (s, u) => s.Webhooks.UpdateAsync(u, s.WebhookId, 0, new WebhookForm { Name = "Renamed", Url = "https://hooks.example.test/r" }),
            ["WebhookService.SetEnabledAsync"] = (s, u) => s.Webhooks.SetEnabledAsync(u, s.WebhookId, 0, false),
            ["WebhookService.DeleteAsync"] = (s, u) => s.Webhooks.DeleteAsync(u, s.WebhookId, 0),
            ["WebhookService.SendTestAsync"] = (s, u) => s.Webhooks.SendTestAsync(u, s.WebhookId),
            ["WebhookService.RetryNowAsync"] = (s, u) => s.Webhooks.RetryNowAsync(u, s.DeliveryId),
            ["ApiTokenService.CreateAsync"] = (s, u) => s.Tokens.CreateAsync(u, "Grafana"),
            ["ApiTokenService.RevokeAsync"] = (s, u) => s.Tokens.RevokeAsync(u, s.TokenId),
        };

    public static readonly IReadOnlyDictionary<string, Func<IntegrationAdminScenario, ClaimsPrincipal, Task>> Reads =
        new Dictionary<string, Func<IntegrationAdminScenario, ClaimsPrincipal, Task>>
        {
            ["WebhookService.ListAsync"] = (s, u) => s.Webhooks.ListAsync(u),
            ["WebhookService.DeliveriesAsync"] = (s, u) => s.Webhooks.DeliveriesAsync(u),
            ["ApiTokenService.ListAsync"] = (s, u) => s.Tokens.ListAsync(u),
        };

    public static IEnumerable<string> RefusedCallers => AuthorizationScenario.RefusedEverywhere.Concat(AuthorizationScenario.RefusedForAdminActions);
}

public sealed class IntegrationAdminFixture : IAsyncLifetime
{
    public TestApp App { get; private set; } = null!;
    public IntegrationAdminScenario Scenario { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        App = await TestApp.CreateAsync();
        Scenario = await IntegrationAdminScenario.CreateAsync(App);
    }

    public async Task DisposeAsync() => await App.DisposeAsync();
}

public class IntegrationAdminRefusalTests(IntegrationAdminFixture fixture) : IClassFixture<IntegrationAdminFixture>
{
    public static TheoryData<string, string> RefusedCalls()
    {
        var data = new TheoryData<string, string>();
        foreach (var action in IntegrationAdminScenario.Actions.Keys.Concat(IntegrationAdminScenario.Reads.Keys))
        {
            foreach (var caller in IntegrationAdminScenario.RefusedCallers)
            {
                data.Add(action, caller);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(RefusedCalls))]
    public async Task Refused_and_nothing_written(string action, string caller)
    {
        var before = await fixture.App.SnapshotAsync();
        var run = IntegrationAdminScenario.Actions.GetValueOrDefault(action) ?? IntegrationAdminScenario.Reads[action];

        await Assert.ThrowsAsync<ForbiddenException>(() => run(fixture.Scenario, fixture.Scenario.Base.Callers[caller]));

        Assert.Equal(before, await fixture.App.SnapshotAsync());
    }
}

public class IntegrationAdminAllowedTests : IAsyncLifetime
{
    private TestApp _app = null!;
    private IntegrationAdminScenario _scenario = null!;

    public async Task InitializeAsync()
    {
        _app = await TestApp.CreateAsync();
        _scenario = await IntegrationAdminScenario.CreateAsync(_app);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    public static TheoryData<string> Actions() => [.. IntegrationAdminScenario.Actions.Keys];

    [Theory]
    [MemberData(nameof(Actions))]
    public async Task An_admin_is_allowed_and_it_is_written(string action)
    {
        var before = await _app.SnapshotAsync();

        await IntegrationAdminScenario.Actions[action](_scenario, _scenario.Base.Admin.Principal);

        Assert.NotEqual(before, await _app.SnapshotAsync());
    }
}
