using System.Globalization;
using System.Text.RegularExpressions;

namespace IncidentCenter.StatusPage;

/// <summary>What a stage template can say: the placeholders, filled from the incident.</summary>
public sealed record StatusTemplateFacts(string Title, IReadOnlyList<string> Services, StatusImpact Impact, DateTime StartedAt, DateTime? NextUpdateBy);

/// <summary>
/// The per-stage message templates. Placeholders are written <c>{{Name}}</c>; an unknown one is
/// refused when an Admin saves, so a typo never reaches the public page.
/// </summary>
public static partial class StatusTemplates
{
    public const int BodyMaxLength = 2000;

    public static readonly IReadOnlyList<(string Name, string Meaning)> Placeholders =
    [
        ("Title", "the public title of the incident"),
        ("Services", "the affected services, e.g. \"Checkout and Payments\""),
        ("Impact", "what the impact level means for customers"),
        ("StartedAt", "when the incident started, e.g. \"2026-11-23 10:00 UTC\""),
        ("NextUpdateBy", "when the next update is promised, e.g. \"10:30 UTC\""),
    ];

    /// <summary>Defaults in our own words, following the usual four-stage status page messages.</summary>
    public static string Default(StatusStage stage) => stage switch
    {
        StatusStage.Investigating =>
            "We are looking into a problem with {{Services}}. {{Impact}} " +
            "We will post another update by {{NextUpdateBy}}.",
        StatusStage.Identified =>
            "We have found the cause of the problem with {{Services}} and are working on a fix. {{Impact}} " +
            "Next update by {{NextUpdateBy}}.",
        StatusStage.Monitoring =>
            "A fix for the problem with {{Services}} is in place and we are watching to make sure it holds. " +
            "Next update by {{NextUpdateBy}}.",
        StatusStage.Resolved =>
            "The problem with {{Services}} that began at {{StartedAt}} is resolved, and everything is working normally again. " +
            "Thank you for your patience.",
        _ => "",
    };

    public static string ImpactText(StatusImpact impact) => impact switch
    {
        StatusImpact.Critical => "The service is unavailable for most customers.",
        StatusImpact.Major => "Many customers may see errors or long delays.",
        StatusImpact.Minor => "Some customers may see errors or slowness.",
        _ => "We do not expect customers to be affected.",
    };

    public static string ImpactLabel(StatusImpact impact) => impact switch
    {
        StatusImpact.None => "None",
        _ => impact.ToString(),
    };

    public static string StatusLabel(ComponentStatus status) => status switch
    {
        ComponentStatus.DegradedPerformance => "Degraded performance",
        ComponentStatus.PartialOutage => "Partial outage",
        ComponentStatus.MajorOutage => "Major outage",
        ComponentStatus.UnderMaintenance => "Under maintenance",
        _ => "Operational",
    };

    /// <summary>The status an affected component most likely has at this impact.</summary>
    public static ComponentStatus SuggestedStatus(StatusStage stage, StatusImpact impact) => stage switch
    {
        StatusStage.Resolved => ComponentStatus.Operational,
        // A fix is in place: what is left is at most a slowdown while it settles.
        StatusStage.Monitoring => ComponentStatus.DegradedPerformance,
        _ => impact switch
        {
            StatusImpact.Critical => ComponentStatus.MajorOutage,
            StatusImpact.Major => ComponentStatus.PartialOutage,
            _ => ComponentStatus.DegradedPerformance,
        },
    };

    public static string ServicesText(IReadOnlyList<string> services) => services.Count switch
    {
        0 => "our service",
        1 => services[0],
        _ => string.Join(", ", services.Take(services.Count - 1)) + " and " + services[^1],
    };

    /// <summary>Fills the placeholders; the result is Markdown.</summary>
    public static string Render(string template, StatusTemplateFacts facts) => Placeholder().Replace(template, m => m.Groups["name"].Value switch
    {
        "Title" => facts.Title,
        "Services" => ServicesText(facts.Services),
        "Impact" => ImpactText(facts.Impact),
        "StartedAt" => facts.StartedAt.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture),
        "NextUpdateBy" => facts.NextUpdateBy is { } t ? t.ToString("HH:mm 'UTC'", CultureInfo.InvariantCulture) : "soon",
        _ => m.Value,
    });

    /// <summary>Null when the template is usable, else what is wrong with it.</summary>
    public static string? Check(string template)
    {
        if (string.IsNullOrWhiteSpace(template))
        {
            return "Write the template's text.";
        }
        if (template.Length > BodyMaxLength)
        {
            return $"A template can be at most {BodyMaxLength:N0} characters.";
        }
        var unknown = Placeholder().Matches(template).Select(m => m.Groups["name"].Value)
            .Where(n => Placeholders.All(p => p.Name != n)).Distinct().ToList();
        if (unknown.Count > 0)
        {
            return $"Unknown placeholder {string.Join(", ", unknown.Select(n => "{{" + n + "}}"))}; use one of {string.Join(", ", Placeholders.Select(p => "{{" + p.Name + "}}"))}.";
        }
        var open = template.Split("{{").Length - 1;
        var close = template.Split("}}").Length - 1;
        return open == Placeholder().Count(template) && close == open ? null : "A placeholder is not closed: write it as {{Name}}.";
    }

    [GeneratedRegex(@"\{\{\s*(?<name>[A-Za-z]+)\s*\}\}")]
    private static partial Regex Placeholder();
}
