using System.Security.Claims;
using IncidentCenter.Accounts;
using IncidentCenter.Incidents;
using IncidentCenter.Shared;
using IncidentCenter.Tests.Support;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace IncidentCenter.Tests.Accounts;

/// <summary>
/// Sessions follow the account: a sign-in lockout (which anyone can cause by typing wrong
/// passwords for someone's email) leaves open sessions alone; a new security stamp (sign out
/// everywhere, an Admin's "End sessions", password reset, disable) ends them.
/// </summary>
public class SessionTests : IAsyncLifetime
{
    private TestApp _app = null!;
    private TestUser _admin = null!;
    private TestUser _commander = null!;

    public async Task InitializeAsync()
    {
        _app = await TestApp.CreateAsync();
        _admin = await _app.CreateUserAsync("Ada Admin", AppRoles.Admin);
        _commander = await _app.CreateUserAsync("Cora Commander", AppRoles.Responder);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task LockOutBySignInFailuresAsync(string userId)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = (await users.FindByIdAsync(userId))!;
        while (!await users.IsLockedOutAsync(user))
        {
            await users.AccessFailedAsync(user);
        }
    }

    private async Task<ClaimsPrincipal> SignedInPrincipalAsync(string userId)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var factory = scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<ApplicationUser>>();
        return await factory.CreateAsync((await users.FindByIdAsync(userId))!);
    }

    private SessionRevalidatingAuthenticationStateProvider Provider(TimeSpan? interval = null) =>
        ActivatorUtilities.CreateInstance<SessionRevalidatingAuthenticationStateProvider>(_app.Services,
            Options.Create(new AccountSessionOptions { SessionRevalidationInterval = interval ?? TimeSpan.FromMinutes(1) }));

    [Fact]
    public async Task A_sign_in_lockout_leaves_the_open_session_working()
    {
        var declared = await _app.Incidents.DeclareAsync(_commander.Principal, new DeclareIncident { Title = "Payments down" });
        var principal = await SignedInPrincipalAsync(_commander.Id);

        await LockOutBySignInFailuresAsync(_commander.Id);

        // The commander's open pages go on: reading and changing the incident.
        Assert.NotNull(await _app.Queries.GetAsync(_commander.Principal, declared.Id));
        await _app.Incidents.ChangeStateAsync(_commander.Principal, declared.Id, 0, IncidentState.Identified);
        // And the session's security stamp is untouched, so the page stays signed in.
        Assert.True(await Provider().IsCurrentAsync(principal));
    }

    [Fact]
    public async Task An_admin_disable_ends_the_open_session_and_enable_restores_sign_in()
    {
        var principal = await SignedInPrincipalAsync(_commander.Id);

        await _app.UserAdmin.SetDisabledAsync(_admin.Principal, _commander.Id, true);

        await Assert.ThrowsAsync<ForbiddenException>(() => _app.Incidents.DeclareAsync(principal, new DeclareIncident { Title = "Nope" }));
        Assert.False(await Provider().IsCurrentAsync(principal));
        var row = (await _app.UserAdmin.ListAsync(_admin.Principal)).Single(u => u.Id == _commander.Id);
        Assert.True(row.Disabled);

        await _app.UserAdmin.SetDisabledAsync(_admin.Principal, _commander.Id, false);
        await using var scope = _app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        Assert.False(await users.IsLockedOutAsync((await users.FindByIdAsync(_commander.Id))!));
    }

    [Fact]
    public async Task The_users_page_tells_a_sign_in_lockout_from_a_disable()
    {
        await LockOutBySignInFailuresAsync(_commander.Id);

        var row = (await _app.UserAdmin.ListAsync(_admin.Principal)).Single(u => u.Id == _commander.Id);

        Assert.False(row.Disabled);
        Assert.NotNull(row.LockedUntil);
    }

    public static TheoryData<string> StampChanges() => ["sign out everywhere", "end sessions", "password reset", "disable"];

    [Theory]
    [MemberData(nameof(StampChanges))]
    public async Task A_session_is_current_until_the_account_changes_its_security_stamp(string change)
    {
        var principal = await SignedInPrincipalAsync(_commander.Id);
        var provider = Provider();
        Assert.True(await provider.IsCurrentAsync(principal));

        switch (change)
        {
            case "sign out everywhere":
                await using (var scope = _app.Services.CreateAsyncScope())
                {
                    var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
                    await users.UpdateSecurityStampAsync((await users.FindByIdAsync(_commander.Id))!);
                }
                break;
            case "end sessions":
                await _app.UserAdmin.EndSessionsAsync(_admin.Principal, _commander.Id);
                break;
            case "password reset":
                await _app.UserAdmin.ResetPasswordAsync(_admin.Principal, _commander.Id, "a-brand-new-password");
                break;
            case "disable":
                await _app.UserAdmin.SetDisabledAsync(_admin.Principal, _commander.Id, true);
                break;
        }

        Assert.False(await provider.IsCurrentAsync(principal));
        Assert.True(await provider.IsCurrentAsync(await SignedInPrincipalAsync(_admin.Id)));
    }

    [Fact]
    public async Task Ending_someone_elses_sessions_is_for_admins_only()
    {
        var principal = await SignedInPrincipalAsync(_admin.Id);

        await Assert.ThrowsAsync<ForbiddenException>(() => _app.UserAdmin.EndSessionsAsync(_commander.Principal, _admin.Id));

        Assert.True(await Provider().IsCurrentAsync(principal));
    }

    [Fact]
    public async Task An_open_page_is_signed_out_at_the_next_revalidation()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var provider = ActivatorUtilities.CreateInstance<SessionRevalidatingAuthenticationStateProvider>(scope.ServiceProvider,
            Options.Create(new AccountSessionOptions { SessionRevalidationInterval = TimeSpan.FromMilliseconds(50) }));
        var signedOut = new TaskCompletionSource<ClaimsPrincipal>(TaskCreationOptions.RunContinuationsAsynchronously);
        provider.AuthenticationStateChanged += async state =>
        {
            var user = (await state).User;
            if (user.Identity?.IsAuthenticated != true)
            {
                signedOut.TrySetResult(user);
            }
        };
        provider.SetAuthenticationState(Task.FromResult(new AuthenticationState(await SignedInPrincipalAsync(_commander.Id))));

        await _app.UserAdmin.EndSessionsAsync(_admin.Principal, _commander.Id);

        await signedOut.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.False((await provider.GetAuthenticationStateAsync()).User.Identity?.IsAuthenticated);
        ((IDisposable)provider).Dispose();
    }
}
