using IncidentCenter.Incidents;

namespace IncidentCenter.StatusPage;

/// <summary>How the public stage and the incident's own state can contradict each other.</summary>
public enum StageDisagreement
{
    None = 0,

    /// <summary>The status page says Resolved while the incident is still open.</summary>
    PublicResolvedIncidentOpen = 1,

    /// <summary>The incident is Resolved or Closed while its public incident still shows as ongoing.</summary>
    IncidentResolvedPublicOpen = 2,
}

/// <summary>One disagreement that nobody has acted on or dismissed yet, as the incident page and the dashboard flag it.</summary>
public sealed record StageFlag(int IncidentId, string Reference, string Title, StageDisagreement Kind, IncidentState IncidentState, StatusStage PublicStage)
{
    public string Message => StageAgreement.Describe(Kind, IncidentState, PublicStage);
}

/// <summary>What the service needs of a stored dismissal to tell whether it still covers the situation.</summary>
public sealed record DismissedSituation(StageDisagreement Kind, DateTime IncidentStateChangedAt, int PublicVersion);

/// <summary>
/// The one rule for "the public page and the incident tell the same story": which pairs disagree, and
/// whether a dismissal still covers a disagreement. A dismissal covers exactly the situation it was made
/// for (same kind, same incident state change, same public version): anyone acting on either side, a
/// publish, a correction or a state change, ends it, and a disagreement that is still there is flagged again.
/// </summary>
public static class StageAgreement
{
    public static StageDisagreement Compare(IncidentState state, StatusStage? publicStage) => publicStage switch
    {
        null => StageDisagreement.None,
        StatusStage.Resolved when IncidentLifecycle.IsOpen(state) => StageDisagreement.PublicResolvedIncidentOpen,
        not StatusStage.Resolved when !IncidentLifecycle.IsOpen(state) => StageDisagreement.IncidentResolvedPublicOpen,
        _ => StageDisagreement.None,
    };

    public static bool Covers(DismissedSituation? dismissal, StageDisagreement kind, DateTime incidentStateChangedAt, int publicVersion) =>
        dismissal is not null && kind != StageDisagreement.None
        && dismissal.Kind == kind && dismissal.IncidentStateChangedAt == incidentStateChangedAt && dismissal.PublicVersion == publicVersion;

    /// <summary>The flag to show, or null when the two agree or the disagreement was dismissed.</summary>
    public static StageFlag? Flag(int incidentId, string title, IncidentState state, DateTime stateChangedAt,
        StatusStage? publicStage, int publicVersion, DismissedSituation? latestDismissal)
    {
        var kind = Compare(state, publicStage);
        if (kind == StageDisagreement.None || Covers(latestDismissal, kind, stateChangedAt, publicVersion))
        {
            return null;
        }
        return new StageFlag(incidentId, IncidentReference.Format(incidentId), title, kind, state, publicStage!.Value);
    }

    public static string Describe(StageDisagreement kind, IncidentState state, StatusStage publicStage) => kind switch
    {
        StageDisagreement.PublicResolvedIncidentOpen =>
            $"The public status page says Resolved, but the incident is still {state}.",
        StageDisagreement.IncidentResolvedPublicOpen =>
            $"The incident is {state}, but the public status page still shows it as {publicStage}.",
        _ => "The public status page and the incident agree.",
    };
}
