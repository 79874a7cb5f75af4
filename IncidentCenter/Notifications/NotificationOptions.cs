namespace IncidentCenter.Notifications;

public sealed class NotificationOptions
{
    public const string Section = "Notifications";

    /// <summary>The address people open the app at, for links in messages; defaults to the first of "Urls".</summary>
    public string? PublicBaseUrl { get; set; }

    public int TimeoutSeconds { get; set; } = 10;

    /// <summary>How often the worker looks for due retries when nothing wakes it.</summary>
    public int PollSeconds { get; set; } = 5;
}
