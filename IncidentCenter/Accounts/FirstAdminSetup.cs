using IncidentCenter.Data;
using IncidentCenter.Shared;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace IncidentCenter.Accounts;

public sealed class BootstrapOptions
{
    public const string Section = "Bootstrap";

    /// <summary>If set with <see cref="AdminPassword"/>, this admin is created at start-up when no admin exists.</summary>
    public string? AdminEmail { get; set; }
    public string? AdminPassword { get; set; }
    public string AdminName { get; set; } = "Administrator";
}

/// <summary>
/// Creates the first Admin, once: from configuration at start-up, or from the /setup page,
/// which refuses as soon as any Admin exists.
/// </summary>
public sealed class FirstAdminSetup(IServiceScopeFactory scopes)
{
    private static readonly SemaphoreSlim Gate = new(1, 1);

    public async Task<bool> IsNeededAsync(CancellationToken ct = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        return !await AdminExistsAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>(), ct);
    }

    public async Task<string> CreateAsync(NewUser input, CancellationToken ct = default)
    {
        input.Role = AppRoles.Admin;
        await Gate.WaitAsync(ct);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            if (await AdminExistsAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>(), ct))
            {
                throw new ForbiddenException("An Admin already exists; ask them for an account.");
            }
            return await UserAdminService.CreateUserAsync(scope.ServiceProvider, input);
        }
        finally
        {
            Gate.Release();
        }
    }

    private static Task<bool> AdminExistsAsync(AppDbContext db, CancellationToken ct) =>
        db.UserRoles.Join(db.Roles.Where(r => r.Name == AppRoles.Admin), ur => ur.RoleId, r => r.Id, (ur, _) => ur).AnyAsync(ct);

    internal static async Task EnsureRolesAsync(IServiceProvider services)
    {
        var roles = services.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in AppRoles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new IdentityRole(role));
            }
        }
    }
}
