using System.Security.Claims;
using IncidentCenter.Accounts;
using IncidentCenter.Data;

namespace IncidentCenter.Audit;

/// <summary>
/// Adds a line to the audit log inside the caller's DbContext, so it is saved by the same
/// SaveChanges (and transaction) as the change it describes: a change that fails leaves no line,
/// and a line cannot be lost while its change stays.
/// </summary>
public static class AuditLog
{
    /// <summary>
    /// The client address, added to the signed-in principal on each request (<see cref="UseAuditClientAddress"/>).
    /// An interactive page's principal is the one of the request that opened its circuit.
    /// </summary>
    public const string ClientAddressClaim = "incidentcenter:client_address";

    public static void Add(AppDbContext db, Actor actor, ClaimsPrincipal? user, DateTime at, string action, string summary) =>
        db.AuditEntries.Add(Entry(actor.UserId, actor.DisplayName, user?.FindFirstValue(ClientAddressClaim), at, action, summary));

    /// <summary>For services whose change is saved by Identity's UserManager: the line follows in its own SaveChanges.</summary>
    public static async Task SaveAsync(AppDbContext db, Actor actor, ClaimsPrincipal? user, TimeProvider clock, string action, string summary)
    {
        Add(db, actor, user, clock.GetUtcNow().UtcDateTime, action, summary);
        await db.SaveChangesAsync();
    }

    public static AuditEntry Entry(string? actorId, string actorName, string? clientAddress, DateTime at, string action, string summary) => new()
    {
        At = at,
        ActorId = actorId,
        ActorName = Clip(actorName, 256),
        Action = action,
        Summary = Clip(summary, AuditEntry.SummaryMaxLength),
        ClientAddress = clientAddress is null ? null : Clip(clientAddress, 64),
    };

    /// <summary>"old → new" for a changed value, or "unchanged".</summary>
    public static string Change<T>(T before, T after) =>
        EqualityComparer<T>.Default.Equals(before, after) ? $"{before} (unchanged)" : $"{before} → {after}";

    /// <summary>After authentication, the address the request came from (the real client's, behind a trusted proxy).</summary>
    public static IApplicationBuilder UseAuditClientAddress(this IApplicationBuilder app) => app.Use((http, next) =>
    {
        if (http.User.Identity?.IsAuthenticated == true && http.Connection.RemoteIpAddress is { } address)
        {
            // A new principal rather than a changed one: the cookie handler may write its own principal back
            // into a refreshed cookie, and the address must never end up in the cookie.
            var principal = new ClaimsPrincipal(http.User.Identities);
            principal.AddIdentity(new ClaimsIdentity([new Claim(ClientAddressClaim, Text(address))]));
            http.User = principal;
        }
        return next(http);
    });

    public static string Text(System.Net.IPAddress address) =>
        (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString();

    private static string Clip(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
