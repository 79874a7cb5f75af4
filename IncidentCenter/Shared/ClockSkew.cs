namespace IncidentCenter.Shared;

/// <summary>
/// How far ahead of the server's clock a reported time may be and still be believed: a detection
/// time typed by a person or sent by a monitoring system whose clock runs a little fast.
/// </summary>
public static class ClockSkew
{
    public static readonly TimeSpan Allowed = TimeSpan.FromMinutes(5);
}
