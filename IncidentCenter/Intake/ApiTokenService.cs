using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using IncidentCenter.Accounts;
using IncidentCenter.Audit;
using IncidentCenter.Data;
using IncidentCenter.Shared;
using Microsoft.EntityFrameworkCore;

namespace IncidentCenter.Intake;

public sealed record ApiTokenRow(int Id, string Name, string Prefix, DateTime CreatedAt, string CreatedByName,
    DateTime? LastUsedAt, DateTime? RevokedAt, string? RevokedByName)
{
    public bool IsActive => RevokedAt is null;
}

/// <summary>A new token: <see cref="Value"/> exists only in this object and is shown once.</summary>
public sealed record CreatedApiToken(ApiTokenRow Token, string Value);

/// <summary>Admins create and revoke API tokens; the alert endpoints check them on every request.</summary>
public sealed class ApiTokenService(IDbContextFactory<AppDbContext> dbFactory, ActorResolver actors, TimeProvider clock)
{
    /// <summary>Makes tokens recognisable in configuration files and secret scanners.</summary>
    public const string ValuePrefix = "icat_";

    public async Task<IReadOnlyList<ApiTokenRow>> ListAsync(ClaimsPrincipal user, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await actors.RequireAdminAsync(db, user, ct);
        var tokens = await db.ApiTokens.AsNoTracking().OrderBy(t => t.RevokedAt != null).ThenByDescending(t => t.Id).ToListAsync(ct);
        return tokens.Select(ToRow).ToList();
    }

    public async Task<CreatedApiToken> CreateAsync(ClaimsPrincipal user, string name, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var actor = await actors.RequireAdminAsync(db, user, ct);
        var trimmed = name?.Trim() ?? "";
        if (trimmed.Length == 0)
        {
            throw new ValidationFailedException("Name the token after what will use it, for example \"Alertmanager (prod)\".");
        }
        if (trimmed.Length > ApiToken.NameMaxLength)
        {
            throw new ValidationFailedException($"The name can be at most {ApiToken.NameMaxLength} characters.");
        }
        var value = NewValue();
        var token = new ApiToken
        {
            Name = trimmed,
            TokenHash = Hash(value),
            Prefix = value[..(ValuePrefix.Length + 4)],
            CreatedAt = clock.GetUtcNow().UtcDateTime,
            CreatedByName = actor.DisplayName,
        };
        db.ApiTokens.Add(token);
        AuditLog.Add(db, actor, user, token.CreatedAt, "token.create", $"\"{token.Name}\" ({token.Prefix}…)");
        await db.SaveChangesAsync(ct);
        return new CreatedApiToken(ToRow(token), value);
    }

    public async Task RevokeAsync(ClaimsPrincipal user, int id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var actor = await actors.RequireAdminAsync(db, user, ct);
        var token = await db.ApiTokens.FirstOrDefaultAsync(t => t.Id == id, ct) ?? throw new NotFoundException("That token no longer exists.");
        if (token.RevokedAt is not null)
        {
            throw new ValidationFailedException($"\"{token.Name}\" is already revoked.");
        }
        token.RevokedAt = clock.GetUtcNow().UtcDateTime;
        token.RevokedByName = actor.DisplayName;
        AuditLog.Add(db, actor, user, token.RevokedAt.Value, "token.revoke", $"\"{token.Name}\" ({token.Prefix}…): active → revoked");
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The active token whose value was presented, or null.</summary>
    public async Task<ApiToken?> AuthenticateAsync(string? presented, CancellationToken ct = default)
    {
        if (string.IsNullOrEmpty(presented) || presented.Length > 200)
        {
            return null;
        }
        var hash = Hash(presented);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var token = await db.ApiTokens.AsNoTracking().FirstOrDefaultAsync(t => t.TokenHash == hash, ct);
        if (token is null || token.RevokedAt is not null)
        {
            return null;
        }
        // Found by its hash; the comparison that decides is constant-time, whatever the index did.
        return CryptographicOperations.FixedTimeEquals(Convert.FromHexString(token.TokenHash), Convert.FromHexString(hash)) ? token : null;
    }

    /// <summary>32 random bytes, base64url, behind a recognisable prefix.</summary>
    public static string NewValue() => ValuePrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))
        .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Hash(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));

    private static ApiTokenRow ToRow(ApiToken t) =>
        new(t.Id, t.Name, t.Prefix, t.CreatedAt, t.CreatedByName, t.LastUsedAt, t.RevokedAt, t.RevokedByName);
}
