using IncidentCenter.Accounts;
using IncidentCenter.Audit;
using IncidentCenter.Catalog;
using IncidentCenter.Commands;
using IncidentCenter.Data;
using IncidentCenter.Health;
using IncidentCenter.Incidents;
using IncidentCenter.Infrastructure;
using IncidentCenter.Intake;
using IncidentCenter.Metrics;
using IncidentCenter.Notifications;
using IncidentCenter.Playbooks;
using IncidentCenter.Postmortems;
using IncidentCenter.Response;
using IncidentCenter.StatusPage;
using IncidentCenter.StatusPage.Public;
using IncidentCenter.Timeline;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using MudBlazor.Services;

namespace IncidentCenter.Extensions;

public static class ApplicationServices
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        var config = builder.Configuration;

        // Text areas send their whole value per event; SignalR's default 32 KB per message would drop the
        // circuit (and the typed text) for a runbook (up to 100 000 characters) or a long post-mortem.
        services.AddRazorComponents().AddInteractiveServerComponents()
            .AddHubOptions(o => o.MaximumReceiveMessageSize = 1024 * 1024);
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

        builder.AddAccounts();

        services.AddHealthChecks().AddCheck<DatabaseReadyCheck>("database", tags: ["ready"]);

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
        services.AddSingleton<ActionItemStore>();
        services.AddSingleton<ActionItemService>();
        services.AddSingleton<SeverityPolicyService>();
        services.AddSingleton<StatusPageNotifier>();
        // Playbooks: checklists, runbooks, tasks (tasks and follow-ups share ActionItemStore).
        services.AddSingleton<ChecklistService>();
        services.AddSingleton<TaskService>();
        services.AddSingleton<RunbookService>();
        // Status page, responder and admin side: publishing updates, components, stage templates.
        services.AddSingleton<StatusPageService>();
        services.AddSingleton<StatusTemplateService>();

        // Status page, public side: read side, response cache, live push to anonymous viewers.
        services.Configure<StatusPageOptions>(config.GetSection(StatusPageOptions.Section));
        services.AddSingleton<IPublicStatusSource, PublicStatusQueries>();
        services.AddSingleton<PublicStatusCache>();
        services.AddSingleton<PublicStatusResponses>();
        services.Configure<StatusLiveOptions>(config.GetSection(StatusLiveOptions.Section));
        services.AddSingleton<StatusLiveFeed>();
        services.AddHostedService<StatusPageLiveUpdates>();

        // Response process: targets, acknowledgement, escalation, and the monitor that records missed targets.
        services.AddSingleton<ResponseService>();
        services.AddSingleton<ResponseEvaluator>();
        services.AddSingleton<CountdownTicker>();
        services.AddHostedService<ResponseMonitor>();
        // Metrics: figures over months from the recorded transitions, /metrics and its CSV downloads.
        services.AddSingleton<MetricsQueries>();
        // Notifications (webhooks) and alert intake (API tokens, Alertmanager/generic alerts).
        services.Configure<NotificationOptions>(config.GetSection(NotificationOptions.Section));
        // Webhooks reach public addresses only (Webhooks:AllowedAddresses names exceptions), checked on every
        // connect; no proxy, so the check is on the receiver itself; no HttpClient logging, which would write
        // the URL (often the receiver's secret) at Information.
        services.AddSingleton(WebhookAddressPolicy.FromConfiguration(config)); // a bad entry stops start-up
        services.AddSingleton<HostResolver>();
        services.AddSingleton<WebhookAddressGuard>();
        services.AddHttpClient(WebhookDispatcher.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                ConnectTimeout = TimeSpan.FromSeconds(10),
                UseProxy = false,
                ConnectCallback = sp.GetRequiredService<WebhookAddressGuard>().ConnectAsync,
            })
            .RemoveAllLoggers();
        services.AddSingleton<WebhookDispatcher>();
        services.AddSingleton<WebhookService>();
        services.AddHostedService<WebhookWorker>();
        services.AddSingleton<ApiTokenService>();
        services.AddSingleton<AlertIntakeService>();
        services.AddSingleton<AuditService>();
        services.AddSingleton<CommandPalette>();
        services.Configure<IntakeOptions>(config.GetSection(IntakeOptions.Section));
        services.AddSingleton<IntakeRateLimiter>();
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
        MetricsEndpoints.MapMetricsEndpoints(app);
        AlertEndpoints.MapAlertEndpoints(app); // POST /api/alerts/alertmanager, /api/alerts/generic
        StatusPageEndpoints.MapStatusPageEndpoints(app);
        AuditEndpoints.MapAuditEndpoints(app); // GET /admin/audit.csv
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
