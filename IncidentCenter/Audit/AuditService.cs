using System.Globalization;
using System.Security.Claims;
using System.Text;
using IncidentCenter.Accounts;
using IncidentCenter.Data;
using IncidentCenter.Metrics;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace IncidentCenter.Audit;

public sealed record AuditFilter(string? Area = null, string? Who = null, string? Text = null, DateTime? From = null, DateTime? To = null);

public sealed record AuditPage(IReadOnlyList<AuditEntry> Entries, bool More);

/// <summary>Sign-in events, and reading the log for Admins. Changes are logged through <see cref="AuditLog"/>.</summary>
public sealed class AuditService(IDbContextFactory<AppDbContext> dbFactory, ActorResolver actors, TimeProvider clock)
{
    public const int PageSize = 200;
    public const int ExportMax = 100_000;

    /// <summary>Records a sign-in attempt and its outcome. Never the password; the email as typed, clipped.</summary>
    public async Task RecordSignInAsync(string email, SignInResult result, HttpContext http, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var typed = email.Trim();
        var normalized = typed.ToUpperInvariant();
        var user = await db.Users.AsNoTracking().Where(u => u.NormalizedEmail == normalized)
            .Select(u => new { u.Id, u.DisplayName }).FirstOrDefaultAsync(ct);
        var (action, outcome) = result.Succeeded ? (AuditActions.SignInSucceeded, "signed in")
            : result.IsLockedOut ? (AuditActions.SignInLockedOut, "refused: account locked")
            : result.IsNotAllowed ? (AuditActions.SignInFailed, "refused: not allowed")
            : result.RequiresTwoFactor ? (AuditActions.SignInSucceeded, "password accepted, second factor required")
            : (AuditActions.SignInFailed, user is null ? "refused: no such account" : "refused: wrong password");
        var address = http.Connection.RemoteIpAddress is { } a ? AuditLog.Text(a) : null;
        db.AuditEntries.Add(AuditLog.Entry(user?.Id, user?.DisplayName ?? typed, address, clock.GetUtcNow().UtcDateTime, action, $"{typed}: {outcome}"));
        await db.SaveChangesAsync(ct);
    }

    public async Task<AuditPage> ListAsync(ClaimsPrincipal user, AuditFilter filter, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await actors.RequireAdminAsync(db, user, ct);
        var rows = await Query(db, filter).Take(PageSize + 1).ToListAsync(ct);
        return new AuditPage(rows.Take(PageSize).ToList(), rows.Count > PageSize);
    }

    public async Task<string> CsvAsync(ClaimsPrincipal user, AuditFilter filter, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await actors.RequireAdminAsync(db, user, ct);
        var csv = new StringBuilder();
        Line(csv, ["at_utc", "actor", "actor_id", "action", "summary", "client_address"]);
        await foreach (var e in Query(db, filter).Take(ExportMax).AsAsyncEnumerable().WithCancellation(ct))
        {
            Line(csv, [e.At.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), e.ActorName, e.ActorId ?? "", e.Action, e.Summary, e.ClientAddress ?? ""]);
        }
        return csv.ToString();
    }

    private static IQueryable<AuditEntry> Query(AppDbContext db, AuditFilter filter)
    {
        var query = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(filter.Area))
        {
            var prefix = filter.Area.Trim();
            query = query.Where(e => e.Action.StartsWith(prefix));
        }
        if (!string.IsNullOrWhiteSpace(filter.Who))
        {
            var who = filter.Who.Trim();
            query = query.Where(e => e.ActorName.Contains(who) || e.ClientAddress == who);
        }
        if (!string.IsNullOrWhiteSpace(filter.Text))
        {
            var text = filter.Text.Trim();
            query = query.Where(e => e.Summary.Contains(text));
        }
        if (filter.From is { } from)
        {
            query = query.Where(e => e.At >= from);
        }
        if (filter.To is { } to)
        {
            query = query.Where(e => e.At < to);
        }
        return query.OrderByDescending(e => e.At).ThenByDescending(e => e.Id);
    }

    private static void Line(StringBuilder csv, IEnumerable<string> fields) =>
        csv.AppendJoin(',', fields.Select(MetricsCsv.Field)).Append("\r\n");
}
