using System.Threading.RateLimiting;
using IncidentCenter.Data;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;

namespace IncidentCenter.Accounts;

/// <summary>Sign-in, Identity, sessions that follow the account, the sign-in rate limit, and user admin.</summary>
public static class AccountServices
{
    public static void AddAccounts(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        var config = builder.Configuration;

        services.AddSingleton<ActorResolver>();
        services.AddSingleton<UserAdminService>();
        services.AddSingleton<FirstAdminSetup>();
        services.AddCascadingAuthenticationState();
        // Open pages recheck the account's security stamp (sign-out everywhere, password reset, disable).
        services.Configure<AccountSessionOptions>(config.GetSection(AccountSessionOptions.Section));
        services.AddScoped<AuthenticationStateProvider, SessionRevalidatingAuthenticationStateProvider>();
        services.AddAuthentication(IdentityConstants.ApplicationScheme).AddIdentityCookies();
        services.AddAuthorization();
        services.AddIdentityCore<ApplicationUser>(o =>
            {
                o.User.RequireUniqueEmail = true;
                // Length is the one rule, as every form says ("at least 10 characters"); no
                // composition rules (NIST SP 800-63B).
                o.Password.RequiredLength = 10;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireDigit = false;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(5);
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<AppDbContext>()
            .AddSignInManager()
            .AddClaimsPrincipalFactory<AppClaimsPrincipalFactory>()
            .AddDefaultTokenProviders();
        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/account/login";
            o.AccessDeniedPath = "/account/denied";
            o.Cookie.Name = "IncidentCenter.Auth";
            o.SlidingExpiration = true;
            o.ExpireTimeSpan = TimeSpan.FromHours(12);
        });
        var sessions = config.GetSection(AccountSessionOptions.Section).Get<AccountSessionOptions>() ?? new AccountSessionOptions();
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = sessions.SessionRevalidationInterval);
        services.Configure<BootstrapOptions>(config.GetSection(BootstrapOptions.Section));

        var signInPerMinute = config.GetValue("Limits:SignInAttemptsPerMinute", 10);
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // Only form posts to the sign-in and setup pages are limited, per client address: the real
            // client's, since UseReverseProxySupport runs first and believes only configured proxies.
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
                HttpMethods.IsPost(http.Request.Method) && http.Request.Path.StartsWithSegments("/account/login", StringComparison.OrdinalIgnoreCase)
                    || HttpMethods.IsPost(http.Request.Method) && http.Request.Path.StartsWithSegments("/setup", StringComparison.OrdinalIgnoreCase)
                    ? RateLimitPartition.GetFixedWindowLimiter(http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                        _ => new FixedWindowRateLimiterOptions { PermitLimit = signInPerMinute, Window = TimeSpan.FromMinutes(1) })
                    : RateLimitPartition.GetNoLimiter("unlimited"));
            o.OnRejected = async (context, ct) =>
            {
                context.HttpContext.Response.ContentType = "text/plain; charset=utf-8";
                await context.HttpContext.Response.WriteAsync("Too many sign-in attempts from this address. Wait a minute, then try again.", ct);
            };
        });
    }
}
