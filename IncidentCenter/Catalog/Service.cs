namespace IncidentCenter.Catalog;

/// <summary>A technical or business service that incidents affect (later: a status-page component).</summary>
public class Service
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
    public string? Description { get; set; }
    public DateTime CreatedAt { get; set; }
}
