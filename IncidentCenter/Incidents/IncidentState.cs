namespace IncidentCenter.Incidents;

/// <summary>Lifecycle states; the first four are the status-page stages.</summary>
public enum IncidentState
{
    Investigating = 0,
    Identified = 1,
    Monitoring = 2,
    Resolved = 3,
    Closed = 4,
}
