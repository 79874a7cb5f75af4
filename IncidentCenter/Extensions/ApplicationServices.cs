using System.Threading.RateLimiting;
using IncidentCenter.Accounts;
using IncidentCenter.Catalog;
using IncidentCenter.Data;
using IncidentCenter.Health;
using IncidentCenter.Incidents;
using IncidentCenter.Infrastructure;
using IncidentCenter.Postmortems;
using IncidentCenter.Timeline;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using MudBlazor.Services;
using Radzen;

namespace IncidentCenter.Extensions;

public static class ApplicationServices
{
    public const string SignInRateLimit = "sign-in";

    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        var config = builder.Configuration;

        // Text areas send their whole value per event; SignalR's default 32 KB per message would drop the
        // circuit (and the typed text) for a runbook (up to 100 000 characters) or a long post-mortem.
        services.AddRazorComponents().AddInteractiveServerComponents()
            .AddHubOptions(o => o.MaximumReceiveMessageSize = 1024 * 1024);
        services.AddRadzenComponents();
        services.AddMudServices(o => o.SnackbarConfiguration.PositionClass = MudBlazor.Defaults.Classes.Position.BottomRight);
        services.AddSingleton(TimeProvider.System);
        builder.AddReverseProxySupport();

        var database = config.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var connectionString = database.ConnectionString(builder.Environment.ContentRootPath);
        services.AddDbContextFactory<AppDbContext>(o => AppDbContext.Configure(o, connectionString));
        // Keys beside the database, so sign-in cookies stay valid across restarts.
        services.AddDataProtection()
            .SetApplicationName("IncidentCenter")
            .PersistKeysToFileSystem(new DirectoryInfo(database.KeysDirectory(builder.Environment.ContentRootPath)));

        services.AddCascadingAuthenticationState();
        // Open pages recheck the account's security stamp (sign-out everywhere, password reset, disable).
        services.Configure<AccountSessionOptions>(config.GetSection(AccountSessionOptions.Section));
        services.AddScoped<Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider, SessionRevalidatingAuthenticationStateProvider>();
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

        services.AddHealthChecks().AddCheck<DatabaseReadyCheck>("database", tags: ["ready"]);

        services.AddSingleton<ActorResolver>();
        services.AddSingleton<IncidentNotifier>();
        services.AddSingleton<ServiceCatalog>();
        services.AddSingleton<IncidentService>();
        services.AddSingleton<IncidentQueries>();
        services.AddSingleton<TimelineService>();
        services.AddSingleton<PostmortemService>();
        services.AddSingleton<PostmortemTemplateService>();
        services.Configure<PostmortemExportOptions>(o =>
        {
            config.GetSection(PostmortemExportOptions.Section).Bind(o);
            o.ExportCacheDirectory = string.IsNullOrWhiteSpace(o.ExportCacheDirectory)
                ? database.DataFile("export-cache", builder.Environment.ContentRootPath)
                : Path.GetFullPath(o.ExportCacheDirectory, builder.Environment.ContentRootPath);
        });
        services.AddSingleton<PublishedExport>();
        services.AddSingleton<ActionItemService>();
        services.AddSingleton<IncidentCenter.Response.SeverityPolicyService>();
        services.AddSingleton<IncidentCenter.StatusPage.StatusPageChanges>();
        // Playbooks: checklists, runbooks (tasks and follow-ups are ActionItemService).
        services.AddSingleton<IncidentCenter.Playbooks.ChecklistService>();
        services.AddSingleton<IncidentCenter.Playbooks.RunbookService>();
        // Status page, responder and admin side: publishing updates, components, stage templates.
        services.AddSingleton<IncidentCenter.StatusPage.StatusPageService>();
        services.AddSingleton<IncidentCenter.StatusPage.StatusTemplateService>();

        // Status page, public side: read side, response cache, live push to anonymous viewers.
        services.Configure<IncidentCenter.StatusPage.Public.StatusPageOptions>(config.GetSection(IncidentCenter.StatusPage.Public.StatusPageOptions.Section));
        services.AddSingleton<IncidentCenter.StatusPage.Public.IPublicStatusSource, IncidentCenter.StatusPage.Public.PublicStatusQueries>();
        services.AddSingleton<IncidentCenter.StatusPage.Public.PublicStatusCache>();
        services.AddSingleton<IncidentCenter.StatusPage.Public.PublicStatusResponses>();
        services.Configure<IncidentCenter.StatusPage.Public.StatusLiveOptions>(config.GetSection(IncidentCenter.StatusPage.Public.StatusLiveOptions.Section));
        services.AddSingleton<IncidentCenter.StatusPage.Public.StatusLiveFeed>();
        services.AddHostedService<IncidentCenter.StatusPage.Public.StatusPageLiveUpdates>();

        services.AddSingleton<UserAdminService>();
        services.AddSingleton<FirstAdminSetup>();

        // Response process: targets, acknowledgement, escalation, and the monitor that records missed targets.
        services.AddSingleton<IncidentCenter.Response.ResponseService>();
        services.AddSingleton<IncidentCenter.Response.ResponseEvaluator>();
        services.AddSingleton<IncidentCenter.Response.CountdownTicker>();
        services.AddHostedService<IncidentCenter.Response.ResponseMonitor>();
        // Metrics: figures over months from the recorded transitions, /metrics and its CSV downloads.
        services.AddSingleton<IncidentCenter.Metrics.MetricsQueries>();
        // Notifications (webhooks) and alert intake (API tokens, Alertmanager/generic alerts).
        services.Configure<IncidentCenter.Notifications.NotificationOptions>(config.GetSection(IncidentCenter.Notifications.NotificationOptions.Section));
        // Webhooks reach public addresses only (Webhooks:AllowedAddresses names exceptions), checked on every
        // connect; no proxy, so the check is on the receiver itself; no HttpClient logging, which would write
        // the URL (often the receiver's secret) at Information.
        services.AddSingleton(IncidentCenter.Notifications.WebhookAddressPolicy.FromConfiguration(config)); // a bad entry stops start-up
        services.AddSingleton<IncidentCenter.Notifications.HostResolver>();
        services.AddSingleton<IncidentCenter.Notifications.WebhookAddressGuard>();
        services.AddHttpClient(IncidentCenter.Notifications.WebhookDispatcher.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                ConnectTimeout = TimeSpan.FromSeconds(10),
                UseProxy = false,
                ConnectCallback = sp.GetRequiredService<IncidentCenter.Notifications.WebhookAddressGuard>().ConnectAsync,
            })
            .RemoveAllLoggers();
        services.AddSingleton<IncidentCenter.Notifications.WebhookDispatcher>();
        services.AddSingleton<IncidentCenter.Notifications.WebhookService>();
        services.AddHostedService<IncidentCenter.Notifications.WebhookWorker>();
        services.AddSingleton<IncidentCenter.Intake.ApiTokenService>();
        services.AddSingleton<IncidentCenter.Intake.AlertIntakeService>();
        services.AddSingleton<IncidentCenter.Audit.AuditService>();
        services.AddSingleton<IncidentCenter.Commands.CommandPalette>();
        services.Configure<IncidentCenter.Intake.IntakeOptions>(config.GetSection(IncidentCenter.Intake.IntakeOptions.Section));
        services.AddSingleton<IncidentCenter.Intake.IntakeRateLimiter>();
    }

    public static void MapApplicationEndpoints(this WebApplication app)
    {
        app.MapPost("/account/logout-everywhere", SignOutEndpoint.EverywhereAsync);
        // One palette for the app and the public page, generated once from Shared/AppPalette.cs.
        var paletteCss = IncidentCenter.Shared.AppPalette.Css();
        app.MapGet("/palette.css", (HttpContext http) =>
        {
            http.Response.Headers.CacheControl = "public, max-age=3600";
            return Results.Text(paletteCss, "text/css");
        });
        app.MapPostmortemEndpoints();
        IncidentCenter.Metrics.MetricsEndpoints.MapMetricsEndpoints(app);
        IncidentCenter.Intake.AlertEndpoints.MapAlertEndpoints(app); // POST /api/alerts/alertmanager, /api/alerts/generic
        IncidentCenter.StatusPage.Public.StatusPageEndpoints.MapStatusPageEndpoints(app);
        IncidentCenter.Audit.AuditEndpoints.MapAuditEndpoints(app); // GET /admin/audit.csv
    }

    public static void MapHealthEndpoints(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions
        {
            Predicate = c => c.Tags.Contains("ready"),
            ResultStatusCodes = { [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable },
        });
    }
}
