using System.Security.Claims;
using IncidentCenter.Accounts;

namespace IncidentCenter.Shared;

/// <summary>
/// Names of the drafts kept in the browser (wwwroot/js/drafts.js). Each belongs to the signed-in
/// person: the key starts with their user id, and signing out removes all of theirs, so the next
/// person on the same browser never sees them.
/// </summary>
public static class BrowserDrafts
{
    /// <summary>The storage key for this person's draft, or null when nobody is signed in (nothing is kept).</summary>
    public static string? Key(ClaimsPrincipal user, string name) =>
        OwnerOf(user) is { } owner ? $"{owner}:{name}" : null;

    /// <summary>The prefix of every draft key of this person; the sign-out form carries it.</summary>
    public static string? OwnerOf(ClaimsPrincipal user) =>
        Actor.UserIdOf(user) is { Length: > 0 } id && !id.Contains(':') ? id : null;
}
