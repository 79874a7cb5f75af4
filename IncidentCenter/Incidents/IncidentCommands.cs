using System.ComponentModel.DataAnnotations;

namespace IncidentCenter.Incidents;

/// <summary>The declare form; its annotations drive the form's messages, the service checks them again.</summary>
public sealed class DeclareIncident
{
    public const int TitleMaxLength = 200;
    public const int DescriptionMaxLength = 20_000;

    [Required(ErrorMessage = "Give the incident a title.")]
    [StringLength(TitleMaxLength, ErrorMessage = "The title can be at most 200 characters.")]
    public string Title { get; set; } = "";

    public Severity Severity { get; set; } = Severity.Sev2;

    [StringLength(DescriptionMaxLength, ErrorMessage = "The description can be at most 20,000 characters.")]
    public string? Description { get; set; }

    public List<int> ServiceIds { get; set; } = [];

    /// <summary>Services typed in on the spot; they join the managed list.</summary>
    public List<string> NewServiceNames { get; set; } = [];

    /// <summary>UTC; null means "now".</summary>
    public DateTime? DetectedAt { get; set; }

    /// <summary>Null means the declarer commands.</summary>
    public string? CommanderId { get; set; }
}

public sealed class UpdateIncidentDetails
{
    [Required(ErrorMessage = "Give the incident a title.")]
    [StringLength(DeclareIncident.TitleMaxLength, ErrorMessage = "The title can be at most 200 characters.")]
    public string Title { get; set; } = "";

    [StringLength(DeclareIncident.DescriptionMaxLength, ErrorMessage = "The description can be at most 20,000 characters.")]
    public string? Description { get; set; }

    public List<int> ServiceIds { get; set; } = [];
    public List<string> NewServiceNames { get; set; } = [];
}
