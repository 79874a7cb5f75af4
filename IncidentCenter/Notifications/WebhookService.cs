using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using IncidentCenter.Accounts;
using IncidentCenter.Audit;
using IncidentCenter.Data;
using IncidentCenter.Incidents;
using IncidentCenter.Shared;
using Microsoft.EntityFrameworkCore;

namespace IncidentCenter.Notifications;

public sealed class WebhookForm
{
    [Required(ErrorMessage = "Give the webhook a name.")]
    [StringLength(Webhook.NameMaxLength, ErrorMessage = "The name can be at most 100 characters.")]
    public string Name { get; set; } = "";

    [Required(ErrorMessage = "Enter the URL to send to.")]
    [StringLength(Webhook.UrlMaxLength, ErrorMessage = "The URL can be at most 2,000 characters.")]
    public string Url { get; set; } = "";

    public WebhookFormat Format { get; set; } = WebhookFormat.Slack;

    public HashSet<ProcessEventKind> Events { get; set; } = [.. ProcessEventKinds.All];

    /// <summary>On an edit, empty keeps the current secret.</summary>
    [StringLength(Webhook.SecretMaxLength, ErrorMessage = "The secret can be at most 200 characters.")]
    public string? Secret { get; set; }

    public bool RemoveSecret { get; set; }

    public bool IsEnabled { get; set; } = true;
}

public sealed record WebhookRow(
    int Id, string Name, string Url, WebhookFormat Format, IReadOnlyList<ProcessEventKind> Events,
    bool HasSecret, bool IsEnabled, int Version, DateTime UpdatedAt, string UpdatedByName)
{
    public WebhookForm ToForm() => new() { Name = Name, Url = Url, Format = Format, Events = [.. Events], IsEnabled = IsEnabled };
}

public sealed record DeliveryRow(
    long Id, int WebhookId, string WebhookName, string Event, string? IncidentRef, string Summary,
    DeliveryState State, int AttemptCount, DateTime CreatedAt, DateTime? LastAttemptAt, int? LastStatusCode,
    string? LastError, DateTime? NextAttemptAt, IReadOnlyList<AttemptRow> Attempts);

public sealed record AttemptRow(int Number, DateTime At, int? StatusCode, string? Error, int DurationMs);

/// <summary>Admins manage webhooks, send test messages and look after deliveries. Every call checks the caller is an Admin.</summary>
public sealed class WebhookService(IDbContextFactory<AppDbContext> dbFactory, ActorResolver actors, WebhookDispatcher dispatcher, WebhookAddressGuard addresses, TimeProvider clock)
{
    public async Task<IReadOnlyList<WebhookRow>> ListAsync(ClaimsPrincipal user, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await actors.RequireAdminAsync(db, user, ct);
        var hooks = await db.Webhooks.AsNoTracking().OrderBy(w => w.Name).ToListAsync(ct);
        return hooks.Select(ToRow).ToList();
    }

    public async Task<WebhookRow> CreateAsync(ClaimsPrincipal user, WebhookForm form, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var actor = await actors.RequireAdminAsync(db, user, ct);
        var (name, url) = Validate(form);
        await EnsureUniqueNameAsync(db, name, null, ct);
        await EnsurePublicAddressAsync(url, ct);
        var now = Now();
        var hook = new Webhook
        {
            Name = name,
            Url = url,
            Format = form.Format,
            EventMask = Webhook.Mask(form.Events),
            Secret = string.IsNullOrWhiteSpace(form.Secret) ? null : form.Secret.Trim(),
            IsEnabled = form.IsEnabled,
            CreatedAt = now,
            UpdatedAt = now,
            UpdatedByName = actor.DisplayName,
        };
        db.Webhooks.Add(hook);
        AuditLog.Add(db, actor, user, now, "webhook.create", AuditDescriptions.Created(hook.Name, AuditDescriptions.Of(hook)));
        await db.SaveChangesAsync(ct);
        return ToRow(hook);
    }

    public async Task<WebhookRow> UpdateAsync(ClaimsPrincipal user, int id, int expectedVersion, WebhookForm form, CancellationToken ct = default) =>
        await ChangeAsync(user, id, expectedVersion, async (db, hook) =>
        {
            var (name, url) = Validate(form);
            await EnsureUniqueNameAsync(db, name, id, ct);
            await EnsurePublicAddressAsync(url, ct);
            hook.Name = name;
            hook.Url = url;
            hook.Format = form.Format;
            hook.EventMask = Webhook.Mask(form.Events);
            if (form.RemoveSecret)
            {
                hook.Secret = null;
            }
            else if (!string.IsNullOrWhiteSpace(form.Secret))
            {
                hook.Secret = form.Secret.Trim();
            }
            hook.IsEnabled = form.IsEnabled;
        }, ct);

    public async Task<WebhookRow> SetEnabledAsync(ClaimsPrincipal user, int id, int expectedVersion, bool enabled, CancellationToken ct = default) =>
        await ChangeAsync(user, id, expectedVersion, (_, hook) =>
        {
            hook.IsEnabled = enabled;
            return Task.CompletedTask;
        }, ct);

    /// <summary>Deletes the webhook with its delivery log.</summary>
    public async Task DeleteAsync(ClaimsPrincipal user, int id, int expectedVersion, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var actor = await actors.RequireAdminAsync(db, user, ct);
        var hook = await FindAsync(db, id, expectedVersion, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var deliveries = db.WebhookDeliveries.Where(d => d.WebhookId == id);
        await db.WebhookAttempts.Where(a => deliveries.Any(d => d.Id == a.DeliveryId)).ExecuteDeleteAsync(ct);
        await deliveries.ExecuteDeleteAsync(ct);
        db.Webhooks.Remove(hook);
        AuditLog.Add(db, actor, user, Now(), "webhook.delete", AuditDescriptions.Deleted(hook.Name, AuditDescriptions.Of(hook)));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Changed or deleted by someone else between the version check and the delete: keep its log too.
            throw new ConcurrencyConflictException("Someone else changed this webhook at the same moment. Reload and try again.");
        }
        await tx.CommitAsync(ct);
    }

    /// <summary>Queues a sample message to this webhook alone (even a disabled one stays disabled: it is sent once it is enabled).</summary>
    public async Task<long> SendTestAsync(ClaimsPrincipal user, int id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var actor = await actors.RequireAdminAsync(db, user, ct);
        var hook = await db.Webhooks.FirstOrDefaultAsync(w => w.Id == id, ct) ?? throw new NotFoundException("That webhook no longer exists.");
        var now = Now();
        var snapshot = new EventSnapshot("test", null, null, "Test message from IncidentCenter", null, null,
            $"{actor.DisplayName} sent this test to \"{hook.Name}\". Incident notifications will look like this.", now);
        var e = new OutboxEvent { Kind = null, IncidentId = null, Payload = snapshot.ToJson(), CreatedAt = now, DispatchedAt = now };
        var delivery = new WebhookDelivery { WebhookId = hook.Id, State = DeliveryState.Pending, CreatedAt = now, NextAttemptAt = now };
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.OutboxEvents.Add(e);
        AuditLog.Add(db, actor, user, now, "webhook.test", $"\"{hook.Name}\": test message queued");
        await db.SaveChangesAsync(ct);
        delivery.EventId = e.Id;
        db.WebhookDeliveries.Add(delivery);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        dispatcher.Wake();
        return delivery.Id;
    }

    public async Task<IReadOnlyList<DeliveryRow>> DeliveriesAsync(ClaimsPrincipal user, int take = 50, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await actors.RequireAdminAsync(db, user, ct);
        var rows = await db.WebhookDeliveries.AsNoTracking()
            .OrderByDescending(d => d.Id)
            .Take(Math.Clamp(take, 1, 500))
            .Join(db.Webhooks, d => d.WebhookId, w => w.Id, (d, w) => new { d, w.Name })
            .Join(db.OutboxEvents, x => x.d.EventId, e => e.Id, (x, e) => new { x.d, x.Name, e.Payload })
            .OrderByDescending(x => x.d.Id)
            .ToListAsync(ct);
        var ids = rows.Select(r => r.d.Id).ToList();
        var attempts = (await db.WebhookAttempts.AsNoTracking().Where(a => ids.Contains(a.DeliveryId)).ToListAsync(ct))
            .ToLookup(a => a.DeliveryId);
        return rows.Select(x =>
        {
            var s = EventSnapshot.FromJson(x.Payload);
            return new DeliveryRow(x.d.Id, x.d.WebhookId, x.Name, s.Kind, s.IncidentRef, s.Summary, x.d.State, x.d.AttemptCount,
                x.d.CreatedAt, x.d.LastAttemptAt, x.d.LastStatusCode, Shown(x.d.LastError, x.d.LastStatusCode), x.d.NextAttemptAt,
                attempts[x.d.Id].OrderBy(a => a.Number).Select(a => new AttemptRow(a.Number, a.At, a.StatusCode, Shown(a.Error, a.StatusCode), a.DurationMs)).ToList());
        }).ToList();
    }

    /// <summary>
    /// A receiver that answered is shown by its status code only. Attempts recorded before receivers'
    /// answers stopped being kept may still hold the start of one; it is not shown.
    /// </summary>
    private static string? Shown(string? error, int? statusCode) => error is not null && statusCode is { } code ? $"HTTP {code}" : error;

    /// <summary>Makes a pending or failed delivery due now (a failed one gets one more attempt).</summary>
    public async Task RetryNowAsync(ClaimsPrincipal user, long deliveryId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var actor = await actors.RequireAdminAsync(db, user, ct);
        var delivery = await db.WebhookDeliveries.FirstOrDefaultAsync(d => d.Id == deliveryId, ct)
            ?? throw new NotFoundException("That delivery no longer exists.");
        if (delivery.State == DeliveryState.Succeeded)
        {
            throw new ValidationFailedException("That delivery already succeeded.");
        }
        delivery.State = DeliveryState.Pending;
        delivery.NextAttemptAt = Now();
        AuditLog.Add(db, actor, user, delivery.NextAttemptAt.Value, "webhook.retry", $"delivery {delivery.Id}: retry now");
        await db.SaveChangesAsync(ct);
        dispatcher.Wake();
    }

    private async Task<WebhookRow> ChangeAsync(ClaimsPrincipal user, int id, int expectedVersion, Func<AppDbContext, Webhook, Task> change, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var actor = await actors.RequireAdminAsync(db, user, ct);
        var hook = await FindAsync(db, id, expectedVersion, ct);
        var before = AuditDescriptions.Of(hook);
        await change(db, hook);
        hook.UpdatedAt = Now();
        hook.UpdatedByName = actor.DisplayName;
        hook.Version++;
        AuditLog.Add(db, actor, user, hook.UpdatedAt, "webhook.update", AuditDescriptions.Changed(hook.Name, before, AuditDescriptions.Of(hook)));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConcurrencyConflictException("Someone else changed this webhook at the same moment. Reload and try again.");
        }
        return ToRow(hook);
    }

    private static async Task<Webhook> FindAsync(AppDbContext db, int id, int expectedVersion, CancellationToken ct)
    {
        var hook = await db.Webhooks.FirstOrDefaultAsync(w => w.Id == id, ct) ?? throw new NotFoundException("That webhook no longer exists.");
        return hook.Version == expectedVersion
            ? hook
            : throw new ConcurrencyConflictException($"Someone else changed the webhook \"{hook.Name}\" while you were looking at it. The list now shows the latest; try again.");
    }

    private static (string Name, string Url) Validate(WebhookForm form)
    {
        var url = form.Url?.Trim() ?? "";
        Validation.Ensure(form,
            url.Length > 0 && !IsHttpUrl(url) ? "The URL must be an absolute http:// or https:// address." : null,
            !Enum.IsDefined(form.Format) ? "Choose Slack or generic JSON." : null,
            form.Events.Count == 0 ? "Choose at least one event to send." : null,
            form.Events.Any(k => !Enum.IsDefined(k)) ? "One of the chosen events does not exist." : null);
        return (form.Name.Trim(), url);
    }

    public static bool IsHttpUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) && uri.Host.Length > 0;

    private static async Task EnsureUniqueNameAsync(AppDbContext db, string name, int? exceptId, CancellationToken ct)
    {
        if (await db.Webhooks.AnyAsync(w => w.Name == name && w.Id != exceptId, ct)) // NOCASE collation
        {
            throw new ValidationFailedException($"A webhook named \"{name}\" already exists.");
        }
    }

    /// <summary>Refuses a URL whose host is, or resolves to, an address the policy refuses (sending checks again on every connect).</summary>
    private async Task EnsurePublicAddressAsync(string url, CancellationToken ct)
    {
        if (await addresses.CheckForSaveAsync(url, ct) is { } refusal)
        {
            throw new ValidationFailedException(refusal);
        }
    }

    private static WebhookRow ToRow(Webhook w) => new(w.Id, w.Name, w.Url, w.Format,
        ProcessEventKinds.All.Where(k => w.Subscribes(k)).ToList(), w.Secret is not null, w.IsEnabled, w.Version, w.UpdatedAt, w.UpdatedByName);

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;
}
