namespace IncidentCenter.Incidents;

/// <summary>Which state changes are allowed, and what each one means.</summary>
public static class IncidentLifecycle
{
    public static bool IsOpen(IncidentState state) => state < IncidentState.Resolved;

    public static IReadOnlyList<IncidentState> AllowedNext(IncidentState from) => from switch
    {
        // Open states may move to any other open state (a fix that did not hold sends the
        // incident back to Investigating) or straight to Resolved.
        IncidentState.Investigating => [IncidentState.Identified, IncidentState.Monitoring, IncidentState.Resolved],
        IncidentState.Identified => [IncidentState.Monitoring, IncidentState.Resolved, IncidentState.Investigating],
        IncidentState.Monitoring => [IncidentState.Resolved, IncidentState.Investigating, IncidentState.Identified],
        // Resolved incidents are closed once the post-incident work is done, or reopened.
        IncidentState.Resolved => [IncidentState.Closed, IncidentState.Investigating],
        IncidentState.Closed => [IncidentState.Investigating],
        _ => [],
    };

    public static bool CanMove(IncidentState from, IncidentState to) => AllowedNext(from).Contains(to);

    public static bool IsReopen(IncidentState from, IncidentState to) => !IsOpen(from) && IsOpen(to);

    public static bool IsBackward(IncidentState from, IncidentState to) => IsOpen(from) && IsOpen(to) && to < from;

    public static string ActionLabel(IncidentState from, IncidentState to) => (from, to) switch
    {
        _ when IsReopen(from, to) => "Reopen",
        _ when IsBackward(from, to) => $"Back to {to}",
        (_, IncidentState.Identified) => "Cause identified",
        (_, IncidentState.Monitoring) => "Fix in place: monitoring",
        (_, IncidentState.Resolved) => "Resolve",
        (_, IncidentState.Closed) => "Close",
        _ => to.ToString(),
    };
}
