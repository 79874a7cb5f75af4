using System.Security.Claims;
using IncidentCenter.Accounts;
using IncidentCenter.Incidents;
using IncidentCenter.Tests.Support;
using IncidentCenter.Timeline;
using Microsoft.EntityFrameworkCore;

namespace IncidentCenter.Tests.Accounts;

/// <summary>
/// An incident with a role assignment, a live and a deleted timeline entry, and people of every
/// kind: the callers the authorization tests try, and the valid arguments every action needs,
/// so that a refusal can only come from who is calling.
/// </summary>
public sealed class AuthorizationScenario
{
    public const string NewPassword = "a-new-password-42";

    private AuthorizationScenario(TestApp app) => App = app;

    public TestApp App { get; }
    public TestUser Admin { get; private set; } = null!;
    public TestUser Responder { get; private set; } = null!;
    public TestUser Target { get; private set; } = null!;
    public int IncidentId { get; private set; }
    public int ScribeAssignmentId { get; private set; }
    public int EntryId { get; private set; }
    public int DeletedEntryId { get; private set; }
    public Dictionary<string, ClaimsPrincipal> Callers { get; } = [];

    public static async Task<AuthorizationScenario> CreateAsync(TestApp app)
    {
        var s = new AuthorizationScenario(app);
        s.Admin = await app.CreateUserAsync("Ada Admin", AppRoles.Admin);
        s.Responder = await app.CreateUserAsync("Rita Responder", AppRoles.Responder);
        s.Target = await app.CreateUserAsync("Tom Target", AppRoles.Responder);
        var viewer = await app.CreateUserAsync("Vera Viewer", AppRoles.Viewer);
        var demotedResponder = await app.CreateUserAsync("Dan Demoted", AppRoles.Responder);
        var disabledResponder = await app.CreateUserAsync("Dora Disabled", AppRoles.Responder);
        var demotedAdmin = await app.CreateUserAsync("Abe Demoted", AppRoles.Admin);
        var disabledAdmin = await app.CreateUserAsync("Ana Disabled", AppRoles.Admin);

        // The incident and its parts, made by the Responder while everyone still had their role.
        var incident = await app.Incidents.DeclareAsync(s.Responder.Principal, new DeclareIncident { Title = "Login outage", Severity = Severity.Sev1 });
        s.IncidentId = incident.Id;
        await app.Incidents.AssignRoleAsync(s.Responder.Principal, s.IncidentId, 0, IncidentRole.Scribe, s.Target.Id);
        s.ScribeAssignmentId = await app.QueryAsync(db => db.IncidentRoles.Where(r => r.Role == IncidentRole.Scribe).Select(r => r.Id).SingleAsync());
        s.EntryId = (await app.Timeline.AddAsync(s.Responder.Principal, s.IncidentId, new TimelineDraft { Text = "Paged the identity team" })).Id;
        s.DeletedEntryId = (await app.Timeline.AddAsync(s.Responder.Principal, s.IncidentId, new TimelineDraft { Text = "Typo" })).Id;
        await app.Timeline.DeleteAsync(s.Responder.Principal, s.DeletedEntryId, 0);

        // What their cookies would still say: the role they had when they signed in.
        var demotedResponderCookie = WithRole(demotedResponder.Id, AppRoles.Responder);
        var disabledResponderCookie = WithRole(disabledResponder.Id, AppRoles.Responder);
        var demotedAdminCookie = WithRole(demotedAdmin.Id, AppRoles.Admin);
        var disabledAdminCookie = WithRole(disabledAdmin.Id, AppRoles.Admin);
        await app.UserAdmin.ChangeRoleAsync(s.Admin.Principal, demotedResponder.Id, AppRoles.Viewer);
        await app.UserAdmin.SetDisabledAsync(s.Admin.Principal, disabledResponder.Id, true);
        await app.UserAdmin.ChangeRoleAsync(s.Admin.Principal, demotedAdmin.Id, AppRoles.Responder);
        await app.UserAdmin.SetDisabledAsync(s.Admin.Principal, disabledAdmin.Id, true);

        s.Callers["anonymous"] = new ClaimsPrincipal();
        s.Callers["unauthenticated identity with a real user id"] = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, s.Responder.Id)]));
        s.Callers["unknown user id"] = TestApp.Principal("no-such-user");
        s.Callers["viewer"] = viewer.Principal;
        s.Callers["viewer claiming Admin in the cookie"] = WithRole(viewer.Id, AppRoles.Admin);
        s.Callers["responder demoted to viewer"] = demotedResponderCookie;
        s.Callers["disabled responder"] = disabledResponderCookie;
        s.Callers["responder"] = s.Responder.Principal;
        s.Callers["admin demoted to responder"] = demotedAdminCookie;
        s.Callers["disabled admin"] = disabledAdminCookie;
        s.Callers["admin"] = s.Admin.Principal;
        return s;
    }

    public static ClaimsPrincipal WithRole(string userId, string role) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, userId), new Claim(ClaimTypes.Role, role)], "test"));

    /// <summary>Every service method that changes something, with valid arguments.</summary>
    public static readonly IReadOnlyDictionary<string, Func<AuthorizationScenario, ClaimsPrincipal, Task>> Actions =
        new Dictionary<string, Func<AuthorizationScenario, ClaimsPrincipal, Task>>
        {
            ["IncidentService.DeclareAsync"] = (s, u) => s.App.Incidents.DeclareAsync(u, new DeclareIncident { Title = "Another one", Severity = Severity.Sev3, NewServiceNames = ["Mail"] }),
            ["IncidentService.ChangeStateAsync"] = (s, u) => s.App.Incidents.ChangeStateAsync(u, s.IncidentId, 1, IncidentState.Identified),
            ["IncidentService.ChangeSeverityAsync"] = (s, u) => s.App.Incidents.ChangeSeverityAsync(u, s.IncidentId, 1, Severity.Sev2),
            ["IncidentService.UpdateDetailsAsync"] = (s, u) => s.App.Incidents.UpdateDetailsAsync(u, s.IncidentId, 1, new UpdateIncidentDetails { Title = "Login outage (EU)" }),
            ["IncidentService.AssignRoleAsync"] = (s, u) => s.App.Incidents.AssignRoleAsync(u, s.IncidentId, 1, IncidentRole.Commander, s.Target.Id),
            ["IncidentService.RemoveRoleAsync"] = (s, u) => s.App.Incidents.RemoveRoleAsync(u, s.IncidentId, 1, s.ScribeAssignmentId),
            ["TimelineService.AddAsync"] = (s, u) => s.App.Timeline.AddAsync(u, s.IncidentId, new TimelineDraft { Text = "Me too" }),
            ["TimelineService.EditAsync"] = (s, u) => s.App.Timeline.EditAsync(u, s.EntryId, 0, new TimelineDraft { Text = "Rewritten" }),
            ["TimelineService.DeleteAsync"] = (s, u) => s.App.Timeline.DeleteAsync(u, s.EntryId, 0),
            ["TimelineService.RestoreAsync"] = (s, u) => s.App.Timeline.RestoreAsync(u, s.DeletedEntryId, 1),
            ["ServiceCatalog.AddAsync"] = (s, u) => s.App.Catalog.AddAsync(u, "Billing", "Invoices and payments"),
            ["UserAdminService.CreateAsync"] = (s, u) => s.App.UserAdmin.CreateAsync(u, new NewUser { Email = "new@example.test", DisplayName = "New Person", Role = AppRoles.Admin, Password = NewPassword }),
            ["UserAdminService.ChangeRoleAsync"] = (s, u) => s.App.UserAdmin.ChangeRoleAsync(u, s.Target.Id, AppRoles.Admin),
            ["UserAdminService.SetDisabledAsync"] = (s, u) => s.App.UserAdmin.SetDisabledAsync(u, s.Target.Id, true),
            ["UserAdminService.ResetPasswordAsync"] = (s, u) => s.App.UserAdmin.ResetPasswordAsync(u, s.Target.Id, NewPassword),
            ["UserAdminService.EndSessionsAsync"] = (s, u) => s.App.UserAdmin.EndSessionsAsync(u, s.Target.Id),
            ["UserAdminService.ResetTwoFactorAsync"] = (s, u) => s.App.UserAdmin.ResetTwoFactorAsync(u, s.Target.Id),
            ["UserAdminService.SetRequireTwoFactorAsync"] = (s, u) => s.App.UserAdmin.SetRequireTwoFactorAsync(u, true),
        };

    public static bool IsAdminOnly(string action) => action.StartsWith("UserAdminService.", StringComparison.Ordinal);

    public static readonly string[] RefusedEverywhere =
    [
        "anonymous", "unauthenticated identity with a real user id", "unknown user id", "viewer",
        "viewer claiming Admin in the cookie", "responder demoted to viewer", "disabled responder",
    ];

    public static readonly string[] RefusedForAdminActions = ["responder", "admin demoted to responder", "disabled admin"];
}
