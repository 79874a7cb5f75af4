using System.Globalization;
using System.Text;
using IncidentCenter.Incidents;

namespace IncidentCenter.StatusPage;

/// <summary>Everything the two ready-to-send messages are built from, loaded once from the incident.</summary>
public sealed record IncidentMessageFacts(
    string Reference,
    string Title,
    string PublicTitle,
    Severity Severity,
    IncidentState State,
    StatusStage? PublicStage,
    StatusImpact Impact,
    IReadOnlyList<string> Services,
    DateTime StartedAt,
    DateTime? ResolvedAt,
    DateTime Now,
    string Commander,
    IReadOnlyList<MessageEvent> RecentKeyEvents,
    DateTime? NextUpdateBy,
    bool PostmortemRequired,
    string? CauseText,
    string? ResolutionText);

public sealed record MessageEvent(DateTime At, string Text);

/// <summary>The internal stakeholder update: status, impact, start, commander, actions taken, next steps.</summary>
public static class InternalUpdateBuilder
{
    public const int MaxActions = 5;

    public static string Build(IncidentMessageFacts f)
    {
        var text = new StringBuilder();
        text.Append('[').Append(SeverityCatalog.Name(f.Severity)).Append("] ").Append(f.Reference).Append(": ").AppendLine(Line(f.Title));
        text.AppendLine();
        text.Append("Status: ").Append(f.State);
        if (f.PublicStage is { } stage)
        {
            text.Append(" (status page: ").Append(stage).Append(')');
        }
        else
        {
            text.Append(" (not on the status page)");
        }
        text.AppendLine();
        text.Append("Impact: ").Append(StatusTemplates.ImpactLabel(f.Impact)).Append(" - ").Append(StatusTemplates.ImpactText(f.Impact))
            .Append(" Affected: ").Append(f.Services.Count == 0 ? "no service recorded" : string.Join(", ", f.Services)).AppendLine(".");
        text.Append("Start time: ").Append(Utc(f.StartedAt)).Append(" (").Append(Shared.Time.Duration((f.ResolvedAt ?? f.Now) - f.StartedAt))
            .AppendLine(f.ResolvedAt is null ? " ago)" : $" until resolved at {Clock(f.ResolvedAt.Value)})");
        text.Append("Incident Commander: ").AppendLine(f.Commander);
        text.AppendLine("Actions taken:");
        var actions = f.RecentKeyEvents.OrderByDescending(e => e.At).Take(MaxActions).OrderBy(e => e.At).ToList();
        if (actions.Count == 0)
        {
            text.AppendLine("- None recorded yet.");
        }
        foreach (var e in actions)
        {
            text.Append("- ").Append(Clock(e.At)).Append(' ').AppendLine(Line(e.Text));
        }
        text.AppendLine("Next steps:");
        foreach (var step in NextSteps(f))
        {
            text.Append("- ").AppendLine(step);
        }
        return text.ToString().TrimEnd() + "\n";
    }

    private static IEnumerable<string> NextSteps(IncidentMessageFacts f)
    {
        yield return f.State switch
        {
            IncidentState.Investigating => "Find the cause and decide on a fix or a mitigation.",
            IncidentState.Identified => "Put the fix or mitigation in place.",
            IncidentState.Monitoring => "Watch that the fix holds, then resolve the incident.",
            _ => f.PostmortemRequired ? "Write and review the post-mortem." : "Follow up on any open action items.",
        };
        if (IncidentLifecycle.IsOpen(f.State))
        {
            yield return f.NextUpdateBy is { } next ? $"Next update by {Clock(next)}." : "Next update time not set yet.";
        }
    }

    internal static string Utc(DateTime t) => t.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    internal static string Clock(DateTime t) => t.ToString("HH:mm 'UTC'", CultureInfo.InvariantCulture);

    internal static string Line(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}

/// <summary>The customer-facing notice: what happened, impact, resolution, apology.</summary>
public static class CustomerNoticeBuilder
{
    public static string Build(IncidentMessageFacts f)
    {
        var resolved = f.ResolvedAt is not null;
        var text = new StringBuilder();
        text.Append("Subject: Service disruption on ").Append(f.StartedAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))
            .Append(" - ").AppendLine(InternalUpdateBuilder.Line(f.PublicTitle));
        text.AppendLine();
        if (f.ResolvedAt is { } end)
        {
            text.Append("We had a service disruption from ").Append(InternalUpdateBuilder.Utc(f.StartedAt)).Append(" to ")
                .Append(end.Date == f.StartedAt.Date ? InternalUpdateBuilder.Clock(end) : InternalUpdateBuilder.Utc(end))
                .Append(" (").Append(Shared.Time.Duration(end - f.StartedAt)).AppendLine(").");
        }
        else
        {
            text.Append("We are dealing with a service disruption that began at ").Append(InternalUpdateBuilder.Utc(f.StartedAt)).AppendLine(".");
        }
        text.AppendLine();
        text.AppendLine("What happened:");
        text.Append("- ").AppendLine(InternalUpdateBuilder.Line(f.CauseText ?? f.PublicTitle));
        text.AppendLine();
        text.AppendLine("Impact:");
        text.Append("- ").Append(f.Services.Count == 0 ? "Our service" : StatusTemplates.ServicesText(f.Services)).AppendLine(" affected.");
        text.Append("- ").AppendLine(StatusTemplates.ImpactText(f.Impact));
        text.AppendLine();
        text.AppendLine("Resolution:");
        text.Append("- ").AppendLine(resolved
            ? InternalUpdateBuilder.Line(f.ResolutionText ?? "The problem is fixed and the service works normally again.")
            : "We are still working on it" + (f.NextUpdateBy is { } next ? $" and will update you by {InternalUpdateBuilder.Clock(next)}." : "."));
        text.AppendLine();
        text.AppendLine("We are sorry for the trouble this caused you.");
        return text.ToString();
    }
}
