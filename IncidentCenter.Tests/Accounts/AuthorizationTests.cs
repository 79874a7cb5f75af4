using IncidentCenter.Accounts;
using IncidentCenter.Incidents;
using IncidentCenter.Shared;
using IncidentCenter.Tests.Support;
using IncidentCenter.Timeline;

namespace IncidentCenter.Tests.Accounts;

/// <summary>
/// The control for the refusals (allowed callers get through and write), and role changes taking
/// effect on the next call. A fresh database per test.
/// </summary>
public class AuthorizationTests : IAsyncLifetime
{
    private TestApp _app = null!;
    private AuthorizationScenario _scenario = null!;

    public async Task InitializeAsync()
    {
        _app = await TestApp.CreateAsync();
        _scenario = await AuthorizationScenario.CreateAsync(_app);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    public static TheoryData<string, string> AllowedCalls()
    {
        var data = new TheoryData<string, string>();
        foreach (var action in AuthorizationScenario.Actions.Keys)
        {
            if (!AuthorizationScenario.IsAdminOnly(action))
            {
                data.Add(action, "responder");
                data.Add(action, "admin demoted to responder");
            }
            data.Add(action, "admin");
        }
        return data;
    }

    /// <summary>The control for the refusals: the same call, by someone allowed, goes through and writes.</summary>
    [Theory]
    [MemberData(nameof(AllowedCalls))]
    public async Task Allowed_and_written(string action, string caller)
    {
        var before = await _app.SnapshotAsync();

        await AuthorizationScenario.Actions[action](_scenario, _scenario.Callers[caller]);

        Assert.NotEqual(before, await _app.SnapshotAsync());
    }

    [Fact]
    public async Task A_responder_demoted_to_viewer_is_refused_with_the_principal_that_worked_before()
    {
        var dana = await _app.CreateUserAsync("Dana Responder", AppRoles.Responder);
        var principal = AuthorizationScenario.WithRole(dana.Id, AppRoles.Responder);
        var declared = await _app.Incidents.DeclareAsync(principal, new DeclareIncident { Title = "Disk full" });
        var entry = await _app.Timeline.AddAsync(principal, declared.Id, new TimelineDraft { Text = "Cleaning up logs" });

        await _app.UserAdmin.ChangeRoleAsync(_scenario.Admin.Principal, dana.Id, AppRoles.Viewer);
        var before = await _app.SnapshotAsync();

        await Assert.ThrowsAsync<ForbiddenException>(() => _app.Incidents.DeclareAsync(principal, new DeclareIncident { Title = "Disk full again" }));
        await Assert.ThrowsAsync<ForbiddenException>(() => _app.Incidents.ChangeStateAsync(principal, declared.Id, 0, IncidentState.Resolved));
        await Assert.ThrowsAsync<ForbiddenException>(() => _app.Timeline.EditAsync(principal, entry.Id, 0, new TimelineDraft { Text = "Done" }));
        Assert.Equal(before, await _app.SnapshotAsync());

        // Still a viewer: reading works.
        Assert.NotNull(await _app.Queries.GetAsync(principal, declared.Id));

        // And promoted back, the same principal works again.
        await _app.UserAdmin.ChangeRoleAsync(_scenario.Admin.Principal, dana.Id, AppRoles.Responder);
        await _app.Incidents.ChangeStateAsync(principal, declared.Id, 0, IncidentState.Resolved);
    }

    [Fact]
    public async Task A_disabled_user_is_refused_even_reading_and_works_again_when_enabled()
    {
        var dana = await _app.CreateUserAsync("Dana Responder", AppRoles.Responder);
        await _app.UserAdmin.SetDisabledAsync(_scenario.Admin.Principal, dana.Id, true);

        await Assert.ThrowsAsync<ForbiddenException>(() => _app.Incidents.DeclareAsync(dana.Principal, new DeclareIncident { Title = "Disk full" }));
        await Assert.ThrowsAsync<ForbiddenException>(() => _app.Queries.DashboardAsync(dana.Principal, new DashboardFilter()));
        await Assert.ThrowsAsync<ForbiddenException>(() => _app.Timeline.ListAsync(dana.Principal, _scenario.IncidentId));

        await _app.UserAdmin.SetDisabledAsync(_scenario.Admin.Principal, dana.Id, false);
        await _app.Incidents.DeclareAsync(dana.Principal, new DeclareIncident { Title = "Disk full" });
    }

    [Fact]
    public async Task A_temporary_sign_in_lockout_does_not_refuse_an_open_session()
    {
        var dana = await _app.CreateUserAsync("Dana Responder", AppRoles.Responder);
        await _app.QueryAsync(async db =>
        {
            var user = await db.Users.FindAsync(dana.Id);
            user!.LockoutEnd = _app.Clock.GetUtcNow().AddMinutes(5);
            return await db.SaveChangesAsync();
        });

        // Wrong passwords typed by anyone for Dana's email block new sign-ins only (issue 11, item 1).
        await _app.Timeline.AddAsync(dana.Principal, _scenario.IncidentId, new TimelineDraft { Text = "Here" });
    }

    [Fact]
    public async Task Reading_needs_a_signed_in_active_user()
    {
        var anonymous = _scenario.Callers["anonymous"];
        await Assert.ThrowsAsync<ForbiddenException>(() => _app.Queries.DashboardAsync(anonymous, new DashboardFilter()));
        await Assert.ThrowsAsync<ForbiddenException>(() => _app.Queries.GetAsync(anonymous, _scenario.IncidentId));
        await Assert.ThrowsAsync<ForbiddenException>(() => _app.Timeline.ListAsync(anonymous, _scenario.IncidentId));
        await Assert.ThrowsAsync<ForbiddenException>(() => _app.Timeline.HistoryAsync(anonymous, _scenario.EntryId));
        await Assert.ThrowsAsync<ForbiddenException>(() => _app.Catalog.ListAsync(anonymous));
        await Assert.ThrowsAsync<ForbiddenException>(() => _app.UserAdmin.ListAsync(_scenario.Callers["responder"]));

        var viewer = _scenario.Callers["viewer"];
        Assert.Equal(1, (await _app.Queries.DashboardAsync(viewer, new DashboardFilter())).Total);
        Assert.NotEmpty(await _app.Timeline.ListAsync(viewer, _scenario.IncidentId));
    }

    [Fact]
    public async Task An_admin_cannot_demote_or_disable_themselves()
    {
        var admin = _scenario.Admin;
        await Assert.ThrowsAsync<ValidationFailedException>(() => _app.UserAdmin.ChangeRoleAsync(admin.Principal, admin.Id, AppRoles.Viewer));
        await Assert.ThrowsAsync<ValidationFailedException>(() => _app.UserAdmin.SetDisabledAsync(admin.Principal, admin.Id, true));
        var row = (await _app.UserAdmin.ListAsync(admin.Principal)).Single(u => u.Id == admin.Id);
        Assert.Equal((AppRoles.Admin, false), (row.Role, row.Disabled));
    }
}
