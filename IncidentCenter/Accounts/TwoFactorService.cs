using System.Text;
using System.Text.Encodings.Web;
using IncidentCenter.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using QRCoder;

namespace IncidentCenter.Accounts;

/// <summary>
/// Two-factor sign-in with an authenticator app (TOTP, RFC 6238), through Identity's own support:
/// the key and recovery codes live in AspNetUserTokens, codes are checked by Identity.
/// </summary>
public static class TwoFactorService
{
    public const string Issuer = "IncidentCenter";
    public const int RecoveryCodeCount = 10;

    public static async Task<bool> IsRequiredAsync(AppDbContext db, CancellationToken ct = default) =>
        await db.AccountSettings.AsNoTracking().Where(s => s.Id == AccountSettings.SingletonId).Select(s => s.RequireTwoFactor).FirstOrDefaultAsync(ct);

    public static bool RoleNeedsIt(string? role) => role is AppRoles.Admin or AppRoles.Responder;

    /// <summary>Whether the setting asks this person for a second factor (whether or not they have one yet).</summary>
    public static async Task<bool> IsRequiredForAsync(AppDbContext db, string userId, CancellationToken ct = default)
    {
        if (!await IsRequiredAsync(db, ct))
        {
            return false;
        }
        var role = await db.UserRoles.Where(ur => ur.UserId == userId)
            .Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name)
            .FirstOrDefaultAsync(ct);
        return RoleNeedsIt(role);
    }

    /// <summary>Required for this person and not set up yet: they are sent to enrolment.</summary>
    public static async Task<bool> MustEnrolAsync(AppDbContext db, string userId, CancellationToken ct = default)
    {
        if (!await IsRequiredForAsync(db, userId, ct))
        {
            return false;
        }
        return !await db.Users.Where(u => u.Id == userId).Select(u => u.TwoFactorEnabled).FirstOrDefaultAsync(ct);
    }

    /// <summary>The key being enrolled: kept until enrolment succeeds, made the first time without changing the security stamp.</summary>
    public static async Task<string> PendingKeyAsync(UserManager<ApplicationUser> users, IUserStore<ApplicationUser> store, ApplicationUser user)
    {
        if (await users.GetAuthenticatorKeyAsync(user) is { Length: > 0 } key)
        {
            return key;
        }
        // UserManager.ResetAuthenticatorKeyAsync would also change the security stamp, which signs
        // out every open page of this person just for looking at the enrolment page.
        await ((IUserAuthenticatorKeyStore<ApplicationUser>)store).SetAuthenticatorKeyAsync(user, users.GenerateNewAuthenticatorKey(), CancellationToken.None);
        Check(await users.UpdateAsync(user));
        return (await users.GetAuthenticatorKeyAsync(user))!;
    }

    /// <summary>Checks a code from the app and turns two-factor sign-in on; returns the recovery codes, to show once.</summary>
    public static async Task<IReadOnlyList<string>?> EnableAsync(UserManager<ApplicationUser> users, ApplicationUser user, string code)
    {
        var digits = new string(code.Where(char.IsAsciiDigit).ToArray());
        if (digits.Length != 6 || !await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, digits))
        {
            return null;
        }
        Check(await users.SetTwoFactorEnabledAsync(user, true));
        return (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount))?.ToList() ?? [];
    }

    /// <summary>Off, with a new key, so the old authenticator entry is worthless; turning it on again makes new recovery codes.</summary>
    public static async Task TurnOffAsync(UserManager<ApplicationUser> users, ApplicationUser user)
    {
        Check(await users.SetTwoFactorEnabledAsync(user, false));
        Check(await users.ResetAuthenticatorKeyAsync(user));
    }

    public static string AuthenticatorUri(string email, string key) =>
        $"otpauth://totp/{UrlEncoder.Default.Encode(Issuer)}:{UrlEncoder.Default.Encode(email)}?secret={key}&issuer={UrlEncoder.Default.Encode(Issuer)}&digits=6";

    /// <summary>The enrolment QR code as inline SVG, made on the server (no script, no image request).</summary>
    public static string QrCodeSvg(string uri)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(uri, QRCodeGenerator.ECCLevel.Q);
        return new SvgQRCode(data).GetGraphic(4);
    }

    /// <summary>The key in groups of four, easier to type into an app by hand.</summary>
    public static string FormatKey(string key)
    {
        var text = new StringBuilder();
        for (var i = 0; i < key.Length; i += 4)
        {
            text.Append(key.AsSpan(i, Math.Min(4, key.Length - i))).Append(' ');
        }
        return text.ToString().TrimEnd().ToLowerInvariant();
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
        }
    }
}
