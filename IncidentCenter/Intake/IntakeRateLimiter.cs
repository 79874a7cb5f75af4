using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace IncidentCenter.Intake;

/// <summary>
/// Per-token request limit for the alert endpoints: a fixed window per API token id, so one noisy
/// sender is slowed without touching the others. Checked after the token is authenticated, so
/// made-up tokens create no partitions.
/// </summary>
public sealed class IntakeRateLimiter(IOptions<IntakeOptions> options) : IDisposable
{
    private readonly PartitionedRateLimiter<int> _limiter = PartitionedRateLimiter.Create<int, int>(tokenId =>
        RateLimitPartition.GetFixedWindowLimiter(tokenId, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = Math.Max(1, options.Value.RequestsPerMinutePerToken),
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        }));

    /// <summary>Null when the request may go on; else how long to wait before the next one.</summary>
    public TimeSpan? TryAcquire(int tokenId)
    {
        using var lease = _limiter.AttemptAcquire(tokenId);
        if (lease.IsAcquired)
        {
            return null;
        }
        return lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) && retryAfter > TimeSpan.Zero
            ? retryAfter
            : TimeSpan.FromMinutes(1);
    }

    public void Dispose() => _limiter.Dispose();
}
