namespace IncidentCenter.StatusPage;

public enum StatusPageChangeKind
{
    /// <summary>An update was published or corrected on a public incident.</summary>
    UpdatePublished,

    /// <summary>A component's status, name, group or visibility changed.</summary>
    ComponentsChanged,
}

/// <summary>What changed on the public status page. <see cref="IncidentId"/> is null for component-only changes.</summary>
public sealed record StatusPageChange(StatusPageChangeKind Kind, int? IncidentId, int? StatusUpdateId = null);
