using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using IncidentCenter.Audit;
using IncidentCenter.Data;
using IncidentCenter.Shared;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace IncidentCenter.Accounts;

public sealed class NewUser
{
    [Required(ErrorMessage = "Enter an email address.")]
    [EmailAddress(ErrorMessage = "Enter a valid email address.")]
    [StringLength(256)]
    public string Email { get; set; } = "";

    [Required(ErrorMessage = "Enter the person's name.")]
    [StringLength(100, ErrorMessage = "A name can be at most 100 characters.")]
    public string DisplayName { get; set; } = "";

    [Required(ErrorMessage = "Choose a role.")]
    public string Role { get; set; } = AppRoles.Responder;

    [Required(ErrorMessage = "Enter a password.")]
    [StringLength(128, MinimumLength = 10, ErrorMessage = "The password needs at least 10 characters.")]
    public string Password { get; set; } = "";
}

/// <param name="LockedUntil">A temporary sign-in lockout after wrong passwords: blocks new sign-ins only.</param>
public sealed record UserRow(string Id, string Email, string DisplayName, string Role, bool Disabled, DateTimeOffset? LockedUntil = null, bool TwoFactor = false);

/// <summary>
/// Admin-only user management. Each call runs in its own DI scope so that Identity's
/// scoped DbContext never lives as long as an interactive circuit.
/// </summary>
public sealed class UserAdminService(IServiceScopeFactory scopes, ActorResolver actors, TimeProvider clock)
{
    public async Task<IReadOnlyList<UserRow>> ListAsync(ClaimsPrincipal user, CancellationToken ct = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await actors.RequireAdminAsync(db, user, ct);
        var now = clock.GetUtcNow();
        var rows = await db.Users.AsNoTracking()
            .Select(u => new
            {
                u.Id,
                u.Email,
                u.DisplayName,
                u.LockoutEnd,
                u.IsDisabled,
                u.TwoFactorEnabled,
                Role = db.UserRoles.Where(ur => ur.UserId == u.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name).FirstOrDefault(),
            })
            .OrderBy(u => u.DisplayName)
            .ToListAsync(ct);
        return rows.Select(u => new UserRow(u.Id, u.Email ?? "", u.DisplayName, u.Role ?? "", u.IsDisabled,
            !u.IsDisabled && u.LockoutEnd > now ? u.LockoutEnd : null, u.TwoFactorEnabled)).ToList();
    }

    public async Task<string> CreateAsync(ClaimsPrincipal user, NewUser input, CancellationToken ct = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var actor = await actors.RequireAdminAsync(db, user, ct);
        var id = await CreateUserAsync(scope.ServiceProvider, input);
        await AuditLog.SaveAsync(db, actor, user, clock, "user.create", $"{input.Email.Trim()} ({input.DisplayName.Trim()}) as {input.Role}");
        return id;
    }

    internal static async Task<string> CreateUserAsync(IServiceProvider services, NewUser input)
    {
        Validation.Ensure(input, AppRoles.All.Contains(input.Role) ? null : "Choose Admin, Responder or Viewer.");
        var users = services.GetRequiredService<UserManager<ApplicationUser>>();
        var email = input.Email.Trim();
        if (await users.FindByEmailAsync(email) is not null)
        {
            throw new ValidationFailedException($"There is already an account for {email}.");
        }
        var account = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = input.DisplayName.Trim() };
        Check(await users.CreateAsync(account, input.Password));
        Check(await users.AddToRoleAsync(account, input.Role));
        return account.Id;
    }

    public async Task ChangeRoleAsync(ClaimsPrincipal user, string userId, string role, CancellationToken ct = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var actor = await actors.RequireAdminAsync(db, user, ct);
        if (!AppRoles.All.Contains(role))
        {
            throw new ValidationFailedException("Choose Admin, Responder or Viewer.");
        }
        if (actor.UserId == userId && role != AppRoles.Admin)
        {
            throw new ValidationFailedException("You cannot remove your own Admin role; ask another Admin.");
        }
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var account = await users.FindByIdAsync(userId) ?? throw new NotFoundException("That user does not exist.");
        var current = await users.GetRolesAsync(account);
        Check(await users.RemoveFromRolesAsync(account, current));
        Check(await users.AddToRoleAsync(account, role));
        await users.UpdateSecurityStampAsync(account);
        await AuditLog.SaveAsync(db, actor, user, clock, "user.role", $"{account.Email}: role {AuditLog.Change(string.Join(", ", current), role)}");
    }

    public async Task SetDisabledAsync(ClaimsPrincipal user, string userId, bool disabled, CancellationToken ct = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var actor = await actors.RequireAdminAsync(db, user, ct);
        if (actor.UserId == userId)
        {
            throw new ValidationFailedException("You cannot disable your own account.");
        }
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var account = await users.FindByIdAsync(userId) ?? throw new NotFoundException("That user does not exist.");
        account.IsDisabled = disabled;
        Check(await users.UpdateAsync(account));
        // The never-ending lockout makes Identity refuse new sign-ins; the new security stamp ends
        // open sessions (cookies and circuits revalidate it); ActorResolver refuses every call.
        Check(await users.SetLockoutEnabledAsync(account, true));
        Check(await users.SetLockoutEndDateAsync(account, disabled ? DateTimeOffset.MaxValue : null));
        if (!disabled)
        {
            Check(await users.ResetAccessFailedCountAsync(account));
        }
        Check(await users.UpdateSecurityStampAsync(account));
        await AuditLog.SaveAsync(db, actor, user, clock, disabled ? "user.disable" : "user.enable", $"{account.Email}: {(disabled ? "disabled" : "enabled")}");
    }

    /// <summary>Signs the person out on every device: cookies and open pages revalidate the security stamp within a minute.</summary>
    public async Task EndSessionsAsync(ClaimsPrincipal user, string userId, CancellationToken ct = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var actor = await actors.RequireAdminAsync(db, user, ct);
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var account = await users.FindByIdAsync(userId) ?? throw new NotFoundException("That user does not exist.");
        Check(await users.UpdateSecurityStampAsync(account));
        await AuditLog.SaveAsync(db, actor, user, clock, "user.end_sessions", $"{account.Email}: sessions ended by an Admin");
    }

    /// <summary>For a person who lost their authenticator and recovery codes: they sign in with their password and enrol again.</summary>
    public async Task ResetTwoFactorAsync(ClaimsPrincipal user, string userId, CancellationToken ct = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var actor = await actors.RequireAdminAsync(db, user, ct);
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var account = await users.FindByIdAsync(userId) ?? throw new NotFoundException("That user does not exist.");
        await TwoFactorService.TurnOffAsync(users, account);
        await AuditLog.SaveAsync(db, actor, user, clock, "user.reset_2fa", $"{account.Email}: two-factor sign-in reset by an Admin");
    }

    public async Task<bool> GetRequireTwoFactorAsync(ClaimsPrincipal user, CancellationToken ct = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await actors.RequireAdminAsync(db, user, ct);
        return await TwoFactorService.IsRequiredAsync(db, ct);
    }

    public async Task SetRequireTwoFactorAsync(ClaimsPrincipal user, bool required, CancellationToken ct = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var actor = await actors.RequireAdminAsync(db, user, ct);
        var settings = await db.AccountSettings.FindAsync([AccountSettings.SingletonId], ct);
        if (settings is null)
        {
            settings = new AccountSettings();
            db.AccountSettings.Add(settings);
        }
        settings.RequireTwoFactor = required;
        settings.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        settings.UpdatedByName = actor.DisplayName;
        await db.SaveChangesAsync(ct);
        await AuditLog.SaveAsync(db, actor, user, clock, "settings.require_2fa", $"two-factor sign-in for Admins and Responders: {(required ? "required" : "optional")}");
    }

    public async Task ResetPasswordAsync(ClaimsPrincipal user, string userId, string newPassword, CancellationToken ct = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var actor = await actors.RequireAdminAsync(db, user, ct);
        if (string.IsNullOrEmpty(newPassword) || newPassword.Length < 10)
        {
            throw new ValidationFailedException("The password needs at least 10 characters.");
        }
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var account = await users.FindByIdAsync(userId) ?? throw new NotFoundException("That user does not exist.");
        var token = await users.GeneratePasswordResetTokenAsync(account);
        Check(await users.ResetPasswordAsync(account, token, newPassword));
        await AuditLog.SaveAsync(db, actor, user, clock, "user.password_reset", $"{account.Email}: password set by an Admin");
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new ValidationFailedException(result.Errors.Select(e => e.Description).ToList());
        }
    }
}
