using IncidentCenter.Catalog;

namespace IncidentCenter.Playbooks;

/// <summary>A Markdown guide for a common kind of incident: symptoms, diagnosis, resolution.</summary>
public class Runbook
{
    public const int TitleMaxLength = 150;
    public const int KeywordsMaxLength = 500;
    public const int BodyMaxLength = 100_000;

    public int Id { get; set; }
    public string Title { get; set; } = "";

    /// <summary>Comma-separated words or phrases matched against incident titles and descriptions.</summary>
    public string Keywords { get; set; } = "";

    public string Body { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public string UpdatedByName { get; set; } = "";
    public int Version { get; set; }

    public List<RunbookServiceLink> Services { get; set; } = [];

    public static IReadOnlyList<string> SplitKeywords(string? keywords) =>
        (keywords ?? "").Split([',', ';', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(k => k.Length > 0)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
}

public class RunbookServiceLink
{
    public int RunbookId { get; set; }
    public int ServiceId { get; set; }
    public Service? Service { get; set; }
}

/// <summary>Every saved state of a runbook, numbered from 1; restoring an old one saves it again as the newest.</summary>
public class RunbookRevision
{
    public int Id { get; set; }
    public int RunbookId { get; set; }
    public int Number { get; set; }
    public string Title { get; set; } = "";
    public string Keywords { get; set; } = "";
    public string Body { get; set; } = "";
    public DateTime SavedAt { get; set; }
    public string SavedById { get; set; } = "";
    public string SavedByName { get; set; } = "";
    public string Reason { get; set; } = "";
}
