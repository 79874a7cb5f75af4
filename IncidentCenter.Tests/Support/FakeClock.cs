namespace IncidentCenter.Tests.Support;

/// <summary>A clock that only moves when a test says so.</summary>
public sealed class FakeClock(DateTimeOffset start) : TimeProvider
{
    public static readonly DateTimeOffset DefaultStart = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    private DateTimeOffset _now = start;

    public FakeClock() : this(DefaultStart) { }

    public override DateTimeOffset GetUtcNow() => _now;

    public DateTime UtcNow => _now.UtcDateTime;

    public void Advance(TimeSpan by) => _now += by;
}
