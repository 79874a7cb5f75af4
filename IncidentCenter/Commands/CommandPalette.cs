using System.Security.Claims;
using System.Text.RegularExpressions;
using IncidentCenter.Accounts;
using IncidentCenter.Data;
using IncidentCenter.Incidents;
using IncidentCenter.Response;
using IncidentCenter.Timeline;
using Microsoft.EntityFrameworkCore;

namespace IncidentCenter.Commands;

public enum PaletteCommand { OpenIncident, Resolve, Escalate, AddKeyEvent }

/// <summary>One line in the command palette: where it goes, or what it does to the open incident.</summary>
public sealed record PaletteEntry(PaletteCommand Command, string Label, string? Href = null, string? Argument = null)
{
    /// <summary>Actions that change the incident ask first; jumping does not.</summary>
    public bool NeedsConfirmation => Command == PaletteCommand.Resolve;
}

/// <summary>The incident whose page the palette was opened on.</summary>
public sealed record PaletteIncident(int Id, string Reference, string Title, IncidentState State, bool CanRespond);

/// <summary>
/// Ctrl+K: jump to an incident by reference or title, or act on the incident that is open (resolve,
/// escalate with a reason, add a key event). The services check every action as they do for the
/// page's own buttons; the palette only offers what the person's role (read from the database, as the services do) can do.
/// </summary>
public sealed partial class CommandPalette(
    IDbContextFactory<AppDbContext> dbFactory, ActorResolver actors,
    IncidentQueries queries, IncidentService incidents, ResponseService response, TimelineService timeline)
{
    public const int MaxMatches = 8;

    /// <summary>The incident id in an incident page's path ("/incidents/INC-12", with or without query), or null.</summary>
    public static int? IncidentIdFromPath(string pathAndQuery)
    {
        var match = IncidentPath().Match(pathAndQuery);
        return match.Success && IncidentReference.TryParse(match.Groups["ref"].Value, out var id) ? id : null;
    }

    public async Task<PaletteIncident?> LoadIncidentAsync(ClaimsPrincipal user, int? id, CancellationToken ct = default)
    {
        if (id is null)
        {
            return null;
        }
        try
        {
            var detail = await queries.GetAsync(user, id.Value, ct);
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var actor = await actors.RequireViewerAsync(db, user, ct);
            return new PaletteIncident(detail.Incident.Id, detail.Incident.Reference, detail.Incident.Title, detail.Incident.State, actor.CanRespond);
        }
        catch (Shared.UserFacingException)
        {
            return null;
        }
    }

    /// <summary>The actions on the open incident for this text, then the incidents that match it.</summary>
    public async Task<IReadOnlyList<PaletteEntry>> FindAsync(ClaimsPrincipal user, string? text, PaletteIncident? open, CancellationToken ct = default)
    {
        var query = (text ?? "").Trim();
        var entries = Actions(query, open).ToList();
        if (query.Length > 0)
        {
            var page = await queries.DashboardAsync(user, new DashboardFilter(Text: query, PageSize: MaxMatches), ct);
            entries.AddRange(page.Rows.Select(r => new PaletteEntry(PaletteCommand.OpenIncident, $"{r.Reference} {r.Title}", $"/incidents/{r.Reference}")));
        }
        return entries;
    }

    /// <summary>What the open incident offers for the typed text (a pure function, tested directly).</summary>
    public static IEnumerable<PaletteEntry> Actions(string query, PaletteIncident? open)
    {
        if (open is null || !open.CanRespond)
        {
            yield break;
        }
        var words = query.ToLowerInvariant();
        if (IncidentLifecycle.IsOpen(open.State) && (words.Length == 0 || "resolve".StartsWith(words, StringComparison.Ordinal)))
        {
            yield return new PaletteEntry(PaletteCommand.Resolve, $"Resolve {open.Reference}");
        }
        if (query.Length == 0)
        {
            yield break;
        }
        if (IncidentLifecycle.IsOpen(open.State))
        {
            yield return new PaletteEntry(PaletteCommand.Escalate, $"Escalate {open.Reference}, reason: “{query}”", Argument: query);
        }
        yield return new PaletteEntry(PaletteCommand.AddKeyEvent, $"Add key event to {open.Reference}: “{query}”", Argument: query);
    }

    /// <summary>Runs an action on the open incident and says what happened. Refusals throw <see cref="Shared.UserFacingException"/>.</summary>
    public async Task<string> RunAsync(ClaimsPrincipal user, PaletteEntry entry, PaletteIncident open, CancellationToken ct = default)
    {
        switch (entry.Command)
        {
            case PaletteCommand.Resolve:
                var detail = await queries.GetAsync(user, open.Id, ct);
                await incidents.ChangeStateAsync(user, open.Id, detail.Incident.Version, IncidentState.Resolved, ct: ct);
                return $"{open.Reference} is resolved.";
            case PaletteCommand.Escalate:
                var status = await response.GetStatusAsync(user, open.Id, ct);
                var level = await response.EscalateAsync(user, open.Id, status.Level.Level, entry.Argument, ct);
                return $"{open.Reference} escalated to level {level}.";
            case PaletteCommand.AddKeyEvent:
                await timeline.AddAsync(user, open.Id, new TimelineDraft { Text = entry.Argument ?? "", IsKeyEvent = true }, ct);
                return $"Key event added to {open.Reference}.";
            default:
                throw new InvalidOperationException($"{entry.Command} is not an action.");
        }
    }

    [GeneratedRegex(@"^/incidents/(?<ref>INC-\d+)(?:[/?#]|$)", RegexOptions.IgnoreCase)]
    private static partial Regex IncidentPath();
}
