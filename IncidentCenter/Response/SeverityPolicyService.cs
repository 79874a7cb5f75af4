using System.Security.Claims;
using IncidentCenter.Accounts;
using IncidentCenter.Audit;
using IncidentCenter.Data;
using IncidentCenter.Incidents;
using IncidentCenter.Shared;
using Microsoft.EntityFrameworkCore;

namespace IncidentCenter.Response;

/// <summary>
/// The severity policy in force, from the SeverityPolicies table (seeded with the defaults by the
/// Response migration); Admins change it. Other features (status-update cadence, timers, escalation,
/// post-mortem requirement) ask here rather than hard-coding numbers.
/// </summary>
public class SeverityPolicyService
{
    public const int MinMinutes = 1;
    public const int MaxTargetMinutes = 90 * 24 * 60;
    public const int MaxUpdateEveryMinutes = 7 * 24 * 60;

    private readonly IDbContextFactory<AppDbContext>? _dbFactory;
    private readonly ActorResolver? _actors;
    private readonly TimeProvider _clock = TimeProvider.System;

    /// <summary>Without a database: the built-in defaults (for test doubles that override the reads).</summary>
    protected SeverityPolicyService() { }

    public SeverityPolicyService(IDbContextFactory<AppDbContext> dbFactory, ActorResolver actors, TimeProvider clock)
    {
        _dbFactory = dbFactory;
        _actors = actors;
        _clock = clock;
    }

    public virtual async Task<SeverityPolicy> GetAsync(Severity severity, CancellationToken ct = default) =>
        (await GetAllAsync(ct)).FirstOrDefault(p => p.Severity == severity) ?? SeverityPolicy.Default(severity);

    public virtual async Task<IReadOnlyList<SeverityPolicy>> GetAllAsync(CancellationToken ct = default)
    {
        if (_dbFactory is null)
        {
            return SeverityPolicy.Defaults;
        }
        await using var db = await _dbFactory.CreateDbContextAsync(ct);
        var rows = await SettingsAsync(db, ct);
        return rows.Select(r => r.ToPolicy()).ToList();
    }

    /// <summary>Every severity's row, with thresholds and version, for the settings page and the response clock.</summary>
    internal static async Task<IReadOnlyList<SeverityPolicySetting>> SettingsAsync(AppDbContext db, CancellationToken ct)
    {
        var rows = await db.SeverityPolicies.AsNoTracking().ToListAsync(ct);
        // A severity without a row (a database migrated part way) falls back to its defaults.
        return Enum.GetValues<Severity>()
            .Select(s => rows.FirstOrDefault(r => r.Severity == s) ?? DefaultSetting(s))
            .ToList();
    }

    public async Task<IReadOnlyList<SeverityPolicySetting>> GetSettingsAsync(ClaimsPrincipal user, CancellationToken ct = default)
    {
        await using var db = await RequireDbAsync(ct);
        await _actors!.RequireViewerAsync(db, user, ct);
        return await SettingsAsync(db, ct);
    }

    public async Task<IReadOnlyList<EscalationLevel>> GetLevelsAsync(ClaimsPrincipal user, CancellationToken ct = default)
    {
        await using var db = await RequireDbAsync(ct);
        await _actors!.RequireViewerAsync(db, user, ct);
        return await db.EscalationLevels.AsNoTracking().OrderBy(l => l.Level).ToListAsync(ct);
    }

    /// <summary>Admins only: replaces one severity's targets and escalation thresholds.</summary>
    public async Task<SeverityPolicySetting> UpdateAsync(ClaimsPrincipal user, Severity severity, int expectedVersion, SeverityPolicyValues values, CancellationToken ct = default)
    {
        await using var db = await RequireDbAsync(ct);
        var actor = await _actors!.RequireAdminAsync(db, user, ct);
        if (!Enum.IsDefined(severity))
        {
            throw new ValidationFailedException("Choose a severity from SEV1 to SEV4.");
        }
        var errors = Validate(values);
        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }
        var row = await db.SeverityPolicies.FirstOrDefaultAsync(p => p.Severity == severity, ct);
        if (row is null)
        {
            row = DefaultSetting(severity);
            db.SeverityPolicies.Add(row);
        }
        var name = SeverityCatalog.Name(severity);
        if (row.Version != expectedVersion)
        {
            throw new ConcurrencyConflictException($"The {name} policy was changed by {row.UpdatedByName} while you were editing it. The page now shows theirs; enter your change again.");
        }
        var before = AuditDescriptions.Of(row);
        row.AcknowledgeMinutes = values.AcknowledgeMinutes;
        row.TriageMinutes = values.TriageMinutes;
        row.ResolveMinutes = values.ResolveMinutes;
        row.UpdateEveryMinutes = values.UpdateEveryMinutes;
        row.PostmortemRequired = values.PostmortemRequired;
        row.EscalateLevel2Minutes = values.EscalateLevel2Minutes;
        row.EscalateLevel3Minutes = values.EscalateLevel3Minutes;
        row.EscalateLevel4Minutes = values.EscalateLevel4Minutes;
        row.UpdatedAt = _clock.GetUtcNow().UtcDateTime;
        AuditLog.Add(db, actor, user, row.UpdatedAt, "policy.severity", AuditDescriptions.Changed(name, before, AuditDescriptions.Of(row)));
        row.UpdatedByName = actor.DisplayName;
        row.Version++;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConcurrencyConflictException($"The {name} policy was changed by someone else at the same moment. The page now shows theirs; enter your change again.");
        }
        return row;
    }

    /// <summary>Admins only: renames an escalation level or changes who it reaches.</summary>
    public async Task<EscalationLevel> UpdateLevelAsync(ClaimsPrincipal user, int level, int expectedVersion, string name, string contact, CancellationToken ct = default)
    {
        await using var db = await RequireDbAsync(ct);
        var actor = await _actors!.RequireAdminAsync(db, user, ct);
        var row = await db.EscalationLevels.FirstOrDefaultAsync(l => l.Level == level, ct)
            ?? throw new NotFoundException($"There is no escalation level {level}.");
        var trimmedName = name?.Trim() ?? "";
        var trimmedContact = contact?.Trim() ?? "";
        var errors = new List<string>();
        if (trimmedName.Length == 0)
        {
            errors.Add($"Give level {level} a name.");
        }
        else if (trimmedName.Length > EscalationLevel.NameMaxLength)
        {
            errors.Add($"The name of level {level} can be at most {EscalationLevel.NameMaxLength} characters.");
        }
        if (trimmedContact.Length > EscalationLevel.ContactMaxLength)
        {
            errors.Add($"The contact of level {level} can be at most {EscalationLevel.ContactMaxLength} characters.");
        }
        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }
        if (row.Version != expectedVersion)
        {
            throw new ConcurrencyConflictException($"Level {level} was changed by {row.UpdatedByName} while you were editing it. The page now shows theirs; enter your change again.");
        }
        AuditLog.Add(db, actor, user, _clock.GetUtcNow().UtcDateTime, "policy.escalation", $"level {level}: name {AuditLog.Change(row.Name, trimmedName)}; contact {AuditLog.Change(row.Contact, trimmedContact)}");
        row.Name = trimmedName;
        row.Contact = trimmedContact;
        row.UpdatedAt = _clock.GetUtcNow().UtcDateTime;
        row.UpdatedByName = actor.DisplayName;
        row.Version++;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConcurrencyConflictException($"Level {level} was changed by someone else at the same moment. The page now shows theirs; enter your change again.");
        }
        return row;
    }

    /// <summary>Every problem with <paramref name="v"/>, each naming the field and the allowed range.</summary>
    public static IReadOnlyList<string> Validate(SeverityPolicyValues v)
    {
        var errors = new List<string>();
        void Range(string what, int? minutes, int max)
        {
            if (minutes is { } m && (m < MinMinutes || m > max))
            {
                errors.Add($"{what} must be between {MinMinutes} minute and {Minutes(max)}.");
            }
        }
        Range("Time to acknowledge", v.AcknowledgeMinutes, MaxTargetMinutes);
        Range("Time to triage", v.TriageMinutes, MaxTargetMinutes);
        Range("Time to resolve", v.ResolveMinutes, MaxTargetMinutes);
        Range("Status update cadence", v.UpdateEveryMinutes, MaxUpdateEveryMinutes);
        Range("Escalation to level 2", v.EscalateLevel2Minutes, MaxTargetMinutes);
        Range("Escalation to level 3", v.EscalateLevel3Minutes, MaxTargetMinutes);
        Range("Escalation to level 4", v.EscalateLevel4Minutes, MaxTargetMinutes);
        if (errors.Count > 0)
        {
            return errors;
        }
        if (v.TriageMinutes is { } triage)
        {
            if (triage < v.AcknowledgeMinutes)
            {
                errors.Add("Time to triage cannot be shorter than time to acknowledge: triage starts once someone has acknowledged.");
            }
            if (triage > v.ResolveMinutes)
            {
                errors.Add("Time to triage cannot be longer than time to resolve.");
            }
        }
        else if (v.AcknowledgeMinutes > v.ResolveMinutes)
        {
            errors.Add("Time to acknowledge cannot be longer than time to resolve.");
        }
        int? previous = null;
        var levels = new[] { v.EscalateLevel2Minutes, v.EscalateLevel3Minutes, v.EscalateLevel4Minutes };
        for (var i = 0; i < levels.Length; i++)
        {
            if (levels[i] is not { } m)
            {
                continue;
            }
            if (previous is { } p && m <= p)
            {
                errors.Add($"Escalation to level {i + 2} must come later than the level before it ({Minutes(p)}).");
            }
            previous = m;
        }
        return errors;
    }

    internal static SeverityPolicySetting DefaultSetting(Severity severity)
    {
        var p = SeverityPolicy.Default(severity);
        var e = EscalationDefaults.Thresholds[severity];
        return new SeverityPolicySetting
        {
            Severity = severity,
            AcknowledgeMinutes = (int)p.AcknowledgeWithin.TotalMinutes,
            TriageMinutes = p.TriageWithin is { } t ? (int)t.TotalMinutes : null,
            ResolveMinutes = (int)p.ResolveWithin.TotalMinutes,
            UpdateEveryMinutes = (int)p.UpdateEvery.TotalMinutes,
            PostmortemRequired = p.PostmortemRequired,
            EscalateLevel2Minutes = e[0],
            EscalateLevel3Minutes = e[1],
            EscalateLevel4Minutes = e[2],
            UpdatedByName = "Defaults",
        };
    }

    /// <summary>"90 days", "7 days", "45 minutes": for messages.</summary>
    public static string Minutes(int minutes) => minutes switch
    {
        _ when minutes % (24 * 60) == 0 => $"{minutes / (24 * 60)} day{(minutes == 24 * 60 ? "" : "s")}",
        _ when minutes % 60 == 0 => $"{minutes / 60} hour{(minutes == 60 ? "" : "s")}",
        _ => $"{minutes} minute{(minutes == 1 ? "" : "s")}",
    };

    private async Task<AppDbContext> RequireDbAsync(CancellationToken ct) =>
        _dbFactory is null ? throw new InvalidOperationException("This policy service has no database.") : await _dbFactory.CreateDbContextAsync(ct);
}
