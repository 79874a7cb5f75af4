using System.Security.Cryptography;
using System.Text;
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
/// which refuses as soon as any Admin exists. The page also asks for a one-time setup code the
/// app writes to its log, so that whoever reaches a fresh install first cannot take it over
/// (as Grafana and Jenkins do).
/// </summary>
public sealed class FirstAdminSetup(IServiceScopeFactory scopes, ILogger<FirstAdminSetup> logger)
{
    private const string CodeAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"; // no 0/O, 1/I
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private readonly Lock _codeLock = new();
    private string? _setupCode;

    /// <summary>
    /// The setup code, made and logged the first time it is needed (at start-up when no Admin
    /// exists). 16 characters from 32 (80 bits); the sign-in rate limit covers /setup as well.
    /// </summary>
    public string EnsureSetupCode()
    {
        lock (_codeLock)
        {
            if (_setupCode is null)
            {
                var raw = RandomNumberGenerator.GetString(CodeAlphabet, 16);
                _setupCode = string.Join('-', raw.Chunk(4).Select(c => new string(c)));
                logger.LogWarning("No Admin exists yet. Open /setup in a browser and enter this one-time setup code: {SetupCode}", _setupCode);
            }
            return _setupCode;
        }
    }

    private bool IsSetupCode(string? candidate)
    {
        string? expected;
        lock (_codeLock)
        {
            expected = _setupCode;
        }
        if (expected is null || candidate is null)
        {
            return false;
        }
        var typed = Encoding.ASCII.GetBytes(new string(candidate.Where(char.IsAsciiLetterOrDigit).Select(char.ToUpperInvariant).ToArray()));
        var wanted = Encoding.ASCII.GetBytes(expected.Replace("-", "", StringComparison.Ordinal));
        return CryptographicOperations.FixedTimeEquals(typed, wanted);
    }

    public async Task<bool> IsNeededAsync(CancellationToken ct = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        return !await AdminExistsAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>(), ct);
    }

    /// <summary>From the /setup page: needs the setup code from the log; it works once.</summary>
    public async Task<string> CreateAsync(NewUser input, string? setupCode, CancellationToken ct = default)
    {
        if (!IsSetupCode(setupCode))
        {
            throw new ForbiddenException("That setup code is not right. Copy it from the app's log: look for \"setup code\".");
        }
        var id = await CreateFirstAdminAsync(input, ct);
        lock (_codeLock)
        {
            _setupCode = null;
        }
        return id;
    }

    /// <summary>From configuration (Bootstrap:*) at start-up: whoever sets the configuration owns the install.</summary>
    internal async Task<string> CreateFromConfigurationAsync(NewUser input, CancellationToken ct = default) =>
        await CreateFirstAdminAsync(input, ct);

    private async Task<string> CreateFirstAdminAsync(NewUser input, CancellationToken ct)
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
