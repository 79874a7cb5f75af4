using IncidentCenter.Incidents;
using IncidentCenter.Notifications;
using Microsoft.EntityFrameworkCore;

namespace IncidentCenter.Data;

public partial class AppDbContext
{
    public DbSet<Webhook> Webhooks => Set<Webhook>();
    public DbSet<OutboxEvent> OutboxEvents => Set<OutboxEvent>();
    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();
    public DbSet<WebhookAttempt> WebhookAttempts => Set<WebhookAttempt>();

    partial void OnModelCreatingNotifications(ModelBuilder builder)
    {
        builder.Entity<Webhook>(e =>
        {
            e.Property(w => w.Name).HasMaxLength(Webhook.NameMaxLength).UseCollation("NOCASE");
            e.HasIndex(w => w.Name).IsUnique();
            e.Property(w => w.Url).HasMaxLength(Webhook.UrlMaxLength);
            e.Property(w => w.Secret).HasMaxLength(Webhook.SecretMaxLength);
            e.Property(w => w.Version).IsConcurrencyToken();
        });

        builder.Entity<OutboxEvent>(e =>
        {
            // The dispatcher looks for events not yet fanned out.
            e.HasIndex(o => new { o.DispatchedAt, o.Id });
            e.HasIndex(o => o.IncidentId);
            e.HasOne<Incident>().WithMany().HasForeignKey(o => o.IncidentId);
        });

        builder.Entity<WebhookDelivery>(e =>
        {
            e.HasIndex(d => new { d.State, d.NextAttemptAt });
            e.HasIndex(d => new { d.EventId, d.WebhookId }).IsUnique();
            e.HasIndex(d => new { d.WebhookId, d.CreatedAt });
            e.HasOne<Webhook>().WithMany().HasForeignKey(d => d.WebhookId);
            e.HasOne<OutboxEvent>().WithMany().HasForeignKey(d => d.EventId);
            e.HasMany(d => d.Attempts).WithOne().HasForeignKey(a => a.DeliveryId);
        });

        builder.Entity<WebhookAttempt>(e =>
        {
            e.Property(a => a.Error).HasMaxLength(WebhookAttempt.ErrorMaxLength);
            e.HasIndex(a => new { a.DeliveryId, a.Number });
        });
    }
}
