using Microsoft.Extensions.Time.Testing;

namespace IncidentCenter.Tests.Support;

/// <summary>Where the tests' <see cref="FakeTimeProvider"/> starts, and a shorthand for its time as a UTC DateTime.</summary>
public static class TestClock
{
    public static readonly DateTimeOffset DefaultStart = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    /// <summary>A clock that only moves when a test says so (SetUtcNow/Advance), starting at <see cref="DefaultStart"/>.</summary>
    public static FakeTimeProvider Create() => new(DefaultStart);

    extension(FakeTimeProvider clock)
    {
        public DateTime UtcNow => clock.GetUtcNow().UtcDateTime;
    }
}
