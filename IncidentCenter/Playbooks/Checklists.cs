using IncidentCenter.Catalog;
using IncidentCenter.Incidents;

namespace IncidentCenter.Playbooks;

/// <summary>
/// What an Admin maintains: a named list of steps, attached to new incidents of the chosen severities
/// (and, if any are listed, only when one of the services is affected).
/// </summary>
public class ChecklistTemplate
{
    public const int NameMaxLength = 100;
    public const int DescriptionMaxLength = 500;
    public const int MaxItems = 50;

    public int Id { get; set; }
    public string Name { get; set; } = "";
    public string Description { get; set; } = "";

    /// <summary>A set of severities as bits (1 &lt;&lt; severity); none means it is only attached by hand.</summary>
    public int Severities { get; set; }

    public DateTime UpdatedAt { get; set; }
    public string UpdatedByName { get; set; } = "";
    public int Version { get; set; }

    public List<ChecklistTemplateItem> Items { get; set; } = [];
    public List<ChecklistTemplateServiceLink> Services { get; set; } = [];

    public static int Mask(IEnumerable<Severity> severities) => severities.Aggregate(0, (m, s) => m | 1 << (int)s);

    public static IReadOnlyList<Severity> Unmask(int mask) => Enum.GetValues<Severity>().Where(s => (mask & 1 << (int)s) != 0).ToList();

    public bool AppliesTo(Severity severity) => (Severities & 1 << (int)severity) != 0;
}

public class ChecklistTemplateItem
{
    public const int TextMaxLength = 300;

    public int Id { get; set; }
    public int TemplateId { get; set; }
    public int Position { get; set; }
    public string Text { get; set; } = "";
}

public class ChecklistTemplateServiceLink
{
    public int TemplateId { get; set; }
    public int ServiceId { get; set; }
    public Service? Service { get; set; }
}

/// <summary>
/// A checklist as attached to one incident: a copy of the template's items at that moment, so editing the
/// template later does not rewrite what responders ticked.
/// </summary>
public class IncidentChecklist
{
    public int Id { get; set; }
    public int IncidentId { get; set; }

    /// <summary>The template it was copied from; null once that template is deleted.</summary>
    public int? TemplateId { get; set; }

    public string Name { get; set; } = "";
    public DateTime AttachedAt { get; set; }
    public string AttachedByName { get; set; } = "";

    public List<IncidentChecklistItem> Items { get; set; } = [];
}

public class IncidentChecklistItem
{
    public int Id { get; set; }
    public int ChecklistId { get; set; }
    public int Position { get; set; }
    public string Text { get; set; } = "";
    public bool IsChecked { get; set; }
    public DateTime? CheckedAt { get; set; }
    public string? CheckedById { get; set; }
    public string? CheckedByName { get; set; }
    public int Version { get; set; }
}
