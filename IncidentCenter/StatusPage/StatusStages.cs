using IncidentCenter.Incidents;

namespace IncidentCenter.StatusPage;

/// <summary>Which stage comes next, which moves go backwards, and what to check before publishing.</summary>
public static class StatusStages
{
    public static readonly IReadOnlyList<StatusStage> All = [StatusStage.Investigating, StatusStage.Identified, StatusStage.Monitoring, StatusStage.Resolved];

    /// <summary>The stage the composer offers first: the one after the current public stage.</summary>
    public static StatusStage Next(StatusStage? current) => current switch
    {
        null => StatusStage.Investigating,
        StatusStage.Investigating => StatusStage.Identified,
        StatusStage.Identified => StatusStage.Monitoring,
        _ => StatusStage.Resolved,
    };

    /// <summary>
    /// The stage the composer starts at: the next one, or further when the incident itself has moved on
    /// (a resolved incident offers the Resolved update).
    /// </summary>
    public static StatusStage Suggest(StatusStage? current, IncidentState state)
    {
        var next = Next(current);
        var internalStage = state switch
        {
            IncidentState.Identified => StatusStage.Identified,
            IncidentState.Monitoring => StatusStage.Monitoring,
            IncidentState.Resolved or IncidentState.Closed => StatusStage.Resolved,
            _ => StatusStage.Investigating,
        };
        return internalStage > next ? internalStage : next;
    }

    public static bool IsBackward(StatusStage? current, StatusStage to) => current is { } c && to < c;

    /// <summary>The public impact a severity usually means.</summary>
    public static StatusImpact DefaultImpact(Severity severity) => severity switch
    {
        Severity.Sev1 => StatusImpact.Critical,
        Severity.Sev2 => StatusImpact.Major,
        Severity.Sev3 => StatusImpact.Minor,
        _ => StatusImpact.None,
    };

    /// <summary>
    /// Warnings a responder confirms before publishing: an Identified update that does not say what is
    /// affected, or an open incident's update without a promised next-update time.
    /// </summary>
    public static IReadOnlyList<string> Check(StatusStage stage, string body, int componentCount, DateTime? nextUpdateBy, IEnumerable<string> serviceNames)
    {
        var warnings = new List<string>();
        if (stage == StatusStage.Identified && componentCount == 0
            && !serviceNames.Any(n => !string.IsNullOrWhiteSpace(n) && body.Contains(n, StringComparison.OrdinalIgnoreCase)))
        {
            warnings.Add("This Identified update does not say what is affected: choose the affected components or name the service in the message.");
        }
        if (stage != StatusStage.Resolved && nextUpdateBy is null)
        {
            warnings.Add("The incident is still open but this update promises no time for the next one.");
        }
        return warnings;
    }
}

/// <summary>When the next public update is owed, and whether it is late.</summary>
public sealed record StatusCadence(DateTime? DueAt, bool IsOverdue, bool HasPublicIncident, TimeSpan UpdateEvery)
{
    public TimeSpan? Remaining(DateTime now) => DueAt is { } due ? due - now : null;

    public static readonly StatusCadence None = new(null, false, false, TimeSpan.Zero);

    /// <summary>
    /// An open incident that is public owes its next update by the time its last update promised, or
    /// one UpdateEvery after it was published. An open SEV1 or SEV2 that is not public yet owes its first
    /// update one UpdateEvery after it was declared. Resolved incidents (internally or publicly) owe nothing.
    /// </summary>
    public static StatusCadence Compute(Incident incident, PublicIncident? published, TimeSpan updateEvery, DateTime now)
    {
        if (!IncidentLifecycle.IsOpen(incident.State))
        {
            return None with { HasPublicIncident = published is not null, UpdateEvery = updateEvery };
        }
        DateTime? due;
        if (published is not null)
        {
            if (published.Stage == StatusStage.Resolved)
            {
                return new StatusCadence(null, false, true, updateEvery);
            }
            due = published.NextUpdateBy ?? published.LastPublishedAt + updateEvery;
        }
        else
        {
            due = incident.Severity is Severity.Sev1 or Severity.Sev2 ? incident.DeclaredAt + updateEvery : null;
        }
        return new StatusCadence(due, due is { } d && now > d, published is not null, updateEvery);
    }
}
