using System.Security.Claims;
using IncidentCenter.Data;
using IncidentCenter.Shared;
using Microsoft.EntityFrameworkCore;

namespace IncidentCenter.Accounts;

/// <summary>
/// Server-side authorization for every service call: the role is read from the database on
/// each call, so a demoted or disabled user is refused even on a page opened earlier. A
/// temporary sign-in lockout (too many wrong passwords, which anyone who knows the email can
/// cause) is not checked here: it blocks new sign-ins only, never the pages already open.
/// </summary>
public sealed class ActorResolver
{
    public async Task<Actor?> ResolveAsync(AppDbContext db, ClaimsPrincipal? principal, CancellationToken ct = default)
    {
        var userId = Actor.UserIdOf(principal);
        if (userId is null)
        {
            return null;
        }
        // One query for the person and their role: every live panel's reload starts here.
        var user = await db.Users.AsNoTracking()
            .Where(u => u.Id == userId)
            .Select(u => new
            {
                u.Id,
                u.DisplayName,
                u.IsDisabled,
                Role = db.UserRoles.Where(ur => ur.UserId == u.Id)
                    .Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name)
                    .FirstOrDefault(),
            })
            .FirstOrDefaultAsync(ct);
        if (user is null || user.IsDisabled || user.Role is null)
        {
            return null;
        }
        return new Actor(user.Id, user.DisplayName, user.Role);
    }

    /// <summary>Any signed-in, active user: reading incidents.</summary>
    public async Task<Actor> RequireViewerAsync(AppDbContext db, ClaimsPrincipal? principal, CancellationToken ct = default) =>
        await ResolveAsync(db, principal, ct) ?? throw new ForbiddenException("Sign in to see incidents.");

    /// <summary>Responders and Admins: declaring and running incidents.</summary>
    public async Task<Actor> RequireResponderAsync(AppDbContext db, ClaimsPrincipal? principal, CancellationToken ct = default)
    {
        var actor = await ResolveAsync(db, principal, ct) ?? throw new ForbiddenException("Sign in as a Responder to change incidents.");
        return actor.CanRespond ? actor : throw new ForbiddenException("Viewers can follow incidents but not change them.");
    }

    public async Task<Actor> RequireAdminAsync(AppDbContext db, ClaimsPrincipal? principal, CancellationToken ct = default)
    {
        var actor = await ResolveAsync(db, principal, ct) ?? throw new ForbiddenException("Sign in as an Admin to do this.");
        return actor.IsAdmin ? actor : throw new ForbiddenException("Only Admins can do this.");
    }
}
