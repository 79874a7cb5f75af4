using IncidentCenter.Response;

namespace IncidentCenter.Tests.Response;

public class CountdownTextTests
{
    private static readonly DateTime Now = new(2026, 11, 23, 10, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData(ResponseTarget.Acknowledge, 192, "Ack due in 3:12")]
    [InlineData(ResponseTarget.Acknowledge, 0, "Ack due in 0:00")]
    [InlineData(ResponseTarget.Triage, 3599, "Triage due in 59:59")]
    [InlineData(ResponseTarget.Resolve, 3600 * 3 + 5 * 60, "Resolve due in 3h 05m")]
    [InlineData(ResponseTarget.Resolve, 86400 * 13 + 3600 * 4, "Resolve due in 13d 4h")]
    [InlineData(ResponseTarget.Acknowledge, -1, "Ack overdue by <1 min")]
    [InlineData(ResponseTarget.Resolve, -12 * 60, "Resolve overdue by 12 min")]
    [InlineData(ResponseTarget.Triage, -(3600 + 5 * 60), "Triage overdue by 1h 5m")]
    [InlineData(ResponseTarget.Resolve, -(86400 * 2 + 3600), "Resolve overdue by 2d 1h")]
    public void Formats_time_left_and_time_overdue(ResponseTarget target, int secondsLeft, string expected) =>
        Assert.Equal(expected, CountdownText.Format(target, Now.AddSeconds(secondsLeft), Now));
}
