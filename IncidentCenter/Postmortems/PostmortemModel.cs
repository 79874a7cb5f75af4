using System.Globalization;
using System.Text;
using IncidentCenter.Incidents;
using IncidentCenter.Timeline;

namespace IncidentCenter.Postmortems;

/// <summary>
/// What a template sees: the incident's facts as ready-to-print invariant strings (no culture, no
/// "now"), so that the same incident and template always give the same bytes. The names are the
/// placeholders Admins use in templates, e.g. <c>{{Reference}}</c>, <c>{{Resolved.Utc}}</c>,
/// <c>{{#each KeyEvents}}| {{Time}} | {{Text}} |{{/each}}</c>.
/// </summary>
public sealed class PostmortemModel
{
    public const string RecordedByApp = "recorded by the app";
    public const string EnteredByPerson = "entered by a person";

    public string Reference { get; init; } = "";
    public string Title { get; init; } = "";
    public string TitleYaml { get; init; } = "\"\"";
    public string Description { get; init; } = "";
    public bool HasDescription => Description.Length > 0;
    public string Severity { get; init; } = "";
    public string SeverityMeaning { get; init; } = "";
    public string InitialSeverity { get; init; } = "";
    public string IncidentState { get; init; } = "";
    public IReadOnlyList<SeverityChangeFact> SeverityChanges { get; init; } = [];
    public bool SeverityChanged => SeverityChanges.Count > 0;

    public TimeFact Detected { get; init; } = TimeFact.Unknown;
    public TimeFact Declared { get; init; } = TimeFact.Unknown;
    public TimeFact Identified { get; init; } = TimeFact.Unknown;
    public TimeFact Mitigated { get; init; } = TimeFact.Unknown;
    public TimeFact Resolved { get; init; } = TimeFact.Unknown;
    public TimeFact Closed { get; init; } = TimeFact.Unknown;

    public DurationFact TimeToAcknowledge { get; init; } = DurationFact.Unknown("");
    public DurationFact TimeToIdentify { get; init; } = DurationFact.Unknown("");
    public DurationFact TimeToMitigate { get; init; } = DurationFact.Unknown("");
    public DurationFact TimeToResolve { get; init; } = DurationFact.Unknown("");
    public DurationFact TotalDuration { get; init; } = DurationFact.Unknown("");
    public IReadOnlyList<DurationFact> Durations => [TimeToAcknowledge, TimeToIdentify, TimeToMitigate, TimeToResolve, TotalDuration];

    public IReadOnlyList<string> Services { get; init; } = [];
    public bool HasServices => Services.Count > 0;
    public string ServicesText => Services.Count == 0 ? "none recorded" : string.Join(", ", Services);
    public string ServicesYaml => "[" + string.Join(", ", Services.Select(PostmortemText.YamlString)) + "]";

    public string Commander { get; init; } = "";
    public string CommanderYaml => PostmortemText.YamlString(Commander);
    public IReadOnlyList<RoleFact> Roles { get; init; } = [];

    public IReadOnlyList<EventFact> KeyEvents { get; init; } = [];
    public bool HasKeyEvents => KeyEvents.Count > 0;

    /// <summary>The status updates published on the status page, in the order of the times they speak for; corrections replace what they corrected.</summary>
    public IReadOnlyList<StatusUpdateFact> StatusUpdates { get; init; } = [];
    public bool HasStatusUpdates => StatusUpdates.Count > 0;

    public IReadOnlyList<ActionItemFact> ActionItems { get; init; } = [];
    public bool HasActionItems => ActionItems.Count > 0;

    /// <summary>The marker that starts every part only people can write.</summary>
    public string Prompt => PostmortemText.Prompt;
}

/// <param name="Utc">"2026-11-23 10:00 UTC", or "not recorded".</param>
/// <param name="Iso">"2026-11-23T10:00:00Z", or "null" (for the front matter).</param>
/// <param name="Source">"recorded by the app" or "entered by a person"; empty when unknown.</param>
public sealed record TimeFact(bool Known, string Utc, string Iso, string Source)
{
    public static readonly TimeFact Unknown = new(false, "not recorded", "null", "");

    internal DateTime? Value { get; init; }

    internal static TimeFact Of(DateTime? at, string source) => at is { } t
        ? new TimeFact(true, PostmortemText.Utc(t), PostmortemText.Iso(t), source) { Value = t }
        : Unknown;
}

/// <param name="Name">"Time to acknowledge", ...</param>
/// <param name="Span">What it measures: "from detection to declaration".</param>
/// <param name="Minutes">Whole minutes, or "null".</param>
/// <param name="Text">"1h 5m", or "not known".</param>
/// <param name="Source">Where its timestamps came from: "recorded by the app", or "entered by a person (...)".</param>
public sealed record DurationFact(string Name, string Span, bool Known, string Minutes, string Text, string Source)
{
    public static DurationFact Unknown(string name, string span = "") => new(name, span, false, "null", "not known", "");

    internal static DurationFact Between(string name, string span, TimeFact from, TimeFact to, string fromLabel, string toLabel)
    {
        if (from.Value is not { } start || to.Value is not { } end)
        {
            return Unknown(name, span);
        }
        var length = end > start ? end - start : TimeSpan.Zero;
        var byPerson = new List<string>();
        if (from.Source == PostmortemModel.EnteredByPerson)
        {
            byPerson.Add(fromLabel);
        }
        if (to.Source == PostmortemModel.EnteredByPerson)
        {
            byPerson.Add(toLabel);
        }
        var source = byPerson.Count == 0
            ? PostmortemModel.RecordedByApp
            : $"{PostmortemModel.EnteredByPerson} ({string.Join(" and ", byPerson)} time)";
        return new DurationFact(name, span, true, ((long)Math.Floor(length.TotalMinutes)).ToString(CultureInfo.InvariantCulture),
            PostmortemText.Duration(length), source);
    }
}

public sealed record SeverityChangeFact(string Time, string From, string To, string Reason);

public sealed record RoleFact(string Role, string Name);

/// <param name="Text">One line, safe in a table cell.</param>
public sealed record EventFact(int Id, string Time, string Iso, string Kind, string Text, string Author, string Source);

public sealed record StatusUpdateFact(string Time, string Stage, string Text);

/// <param name="Owner">The owner's name, or "no owner yet".</param>
/// <param name="Due">"2026-12-01", or "no due date yet".</param>
public sealed record ActionItemFact(int Id, string Title, string Owner, string Due, string State, string Checkbox, bool HasOwner, bool HasDueDate);

/// <summary>Everything a post-mortem is generated from, as loaded from the database (or made up for the sample).</summary>
public sealed record IncidentRecord(
    Incident Incident,
    IReadOnlyList<string> Services,
    IReadOnlyList<IncidentStateChange> StateChanges,
    IReadOnlyList<IncidentSeverityChange> SeverityChanges,
    IReadOnlyList<IncidentRoleAssignment> Roles,
    IReadOnlyList<TimelineEntry> KeyEvents,
    IReadOnlyList<ActionItem> ActionItems)
{
    /// <summary>Published status updates (superseded ones included; the model keeps only the latest text of each).</summary>
    public IReadOnlyList<IncidentCenter.StatusPage.StatusUpdate> StatusUpdates { get; init; } = [];

    public PostmortemModel ToModel()
    {
        var i = Incident;
        var states = StateChanges.OrderBy(s => s.At).ThenBy(s => s.Id).ToList();
        DateTime? First(IncidentState state) => states.FirstOrDefault(s => s.To == state)?.At;
        DateTime? Last(IncidentState state) => states.LastOrDefault(s => s.To == state)?.At;

        // A detection time typed at declaration (earlier than the declaration) is a person's estimate.
        var detected = TimeFact.Of(i.DetectedAt, i.DetectedAt < i.DeclaredAt ? PostmortemModel.EnteredByPerson : PostmortemModel.RecordedByApp);
        var declared = TimeFact.Of(i.DeclaredAt, PostmortemModel.RecordedByApp);
        var identified = TimeFact.Of(First(IncidentState.Identified), PostmortemModel.RecordedByApp);
        var mitigated = TimeFact.Of(First(IncidentState.Monitoring), PostmortemModel.RecordedByApp);
        // A reopened incident is resolved when it was resolved for the last time.
        var resolved = TimeFact.Of(i.State is IncidentState.Resolved or IncidentState.Closed ? Last(IncidentState.Resolved) ?? i.ResolvedAt : null,
            PostmortemModel.RecordedByApp);
        var closed = TimeFact.Of(i.State == IncidentState.Closed ? Last(IncidentState.Closed) ?? i.ClosedAt : null, PostmortemModel.RecordedByApp);

        var severities = SeverityChanges.OrderBy(s => s.At).ThenBy(s => s.Id).ToList();
        return new PostmortemModel
        {
            Reference = i.Reference,
            Title = PostmortemText.OneLine(i.Title),
            TitleYaml = PostmortemText.YamlString(PostmortemText.OneLine(i.Title)),
            Description = i.Description.Replace("\r\n", "\n").Trim(),
            Severity = SeverityCatalog.Name(i.Severity),
            SeverityMeaning = SeverityCatalog.Get(i.Severity).Meaning,
            InitialSeverity = SeverityCatalog.Name(severities.FirstOrDefault()?.To ?? i.Severity),
            IncidentState = i.State.ToString(),
            SeverityChanges = severities.Where(s => s.From is not null)
                .Select(s => new SeverityChangeFact(PostmortemText.Utc(s.At), SeverityCatalog.Name(s.From!.Value), SeverityCatalog.Name(s.To),
                    PostmortemText.Cell(s.Reason ?? "")))
                .ToList(),
            Detected = detected,
            Declared = declared,
            Identified = identified,
            Mitigated = mitigated,
            Resolved = resolved,
            Closed = closed,
            TimeToAcknowledge = DurationFact.Between("Time to acknowledge", "from detection to declaration", detected, declared, "detection", "declaration"),
            TimeToIdentify = DurationFact.Between("Time to identify", "from declaration to cause identified", declared, identified, "declaration", "identification"),
            TimeToMitigate = DurationFact.Between("Time to mitigate", "from declaration to fix in place (monitoring)", declared, mitigated, "declaration", "mitigation"),
            TimeToResolve = DurationFact.Between("Time to resolve", "from declaration to resolution", declared, resolved, "declaration", "resolution"),
            TotalDuration = DurationFact.Between("Total duration", "from detection to resolution", detected, resolved, "detection", "resolution"),
            Services = Services.Order(StringComparer.Ordinal).ToList(),
            Commander = i.CommanderName,
            Roles = Roles.OrderBy(r => r.Role).ThenBy(r => r.UserName, StringComparer.Ordinal).ThenBy(r => r.Id)
                .Select(r => new RoleFact(IncidentRoles.Label(r.Role), PostmortemText.Cell(r.UserName)))
                .ToList(),
            KeyEvents = KeyEvents.Where(e => e.IsKeyEvent && !e.IsDeleted)
                .OrderBy(e => e.OccurredAt).ThenBy(e => e.Id)
                .Select(e => new EventFact(e.Id, PostmortemText.Utc(e.OccurredAt), PostmortemText.Iso(e.OccurredAt), TimelineEntryKinds.Label(e.Kind),
                    PostmortemText.Cell(e.Text), PostmortemText.Cell(e.AuthorName),
                    // An entry timed when it was written carries the app's clock; a time someone typed (a backfilled
                    // event, a corrected time, the detection time given at declaration) is theirs.
                    e.OccurredAt == e.RecordedAt ? PostmortemModel.RecordedByApp : PostmortemModel.EnteredByPerson))
                .ToList(),
            StatusUpdates = StatusUpdates.Where(u => u.SupersededAt is null)
                .OrderBy(u => u.EffectiveAt).ThenBy(u => u.Id)
                .Select(u => new StatusUpdateFact(PostmortemText.Utc(u.EffectiveAt), u.Stage.ToString(),
                    PostmortemText.Cell(u.Body) + (u.CorrectionOfId is null ? "" : $" (corrected at {PostmortemText.Utc(u.PublishedAt)})")))
                .ToList(),
            ActionItems = ActionItems.OrderBy(a => a.Id)
                .Select(a => new ActionItemFact(a.Id, PostmortemText.Cell(a.Title),
                    a.OwnerName is { Length: > 0 } owner ? PostmortemText.Cell(owner) : "no owner yet",
                    a.DueDate is { } due ? due.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "no due date yet",
                    ActionItemStates.Label(a.State), a.State == ActionItemState.Done ? "[x]" : "[ ]",
                    a.OwnerId is not null, a.DueDate is not null))
                .ToList(),
        };
    }
}

public static class ActionItemStates
{
    public static string Label(ActionItemState state) => state switch
    {
        ActionItemState.InProgress => "In progress",
        ActionItemState.Done => "Done",
        _ => "Open",
    };
}

/// <summary>Invariant, single-line text helpers for generated Markdown and YAML.</summary>
public static class PostmortemText
{
    public const string Prompt = "✍ To write:";

    public static string Utc(DateTime t) => t.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    public static string Iso(DateTime t) => DateTime.SpecifyKind(t, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string Duration(TimeSpan span)
    {
        var minutes = (long)Math.Floor(span.TotalMinutes);
        if (minutes < 1)
        {
            return "under 1 minute";
        }
        var days = minutes / (24 * 60);
        var hours = minutes / 60 % 24;
        var mins = minutes % 60;
        var parts = new List<string>();
        if (days > 0)
        {
            parts.Add(days.ToString(CultureInfo.InvariantCulture) + "d");
        }
        if (hours > 0)
        {
            parts.Add(hours.ToString(CultureInfo.InvariantCulture) + "h");
        }
        if (mins > 0)
        {
            parts.Add(mins.ToString(CultureInfo.InvariantCulture) + "m");
        }
        return string.Join(" ", parts);
    }

    /// <summary>White space (line breaks included) collapsed to single spaces.</summary>
    public static string OneLine(string? text)
    {
        var builder = new StringBuilder((text ?? "").Length);
        var space = false;
        foreach (var c in (text ?? "").Trim())
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                space = true;
                continue;
            }
            if (space && builder.Length > 0)
            {
                builder.Append(' ');
            }
            space = false;
            builder.Append(c);
        }
        return builder.ToString();
    }

    /// <summary>One line that cannot break out of a Markdown table cell.</summary>
    public static string Cell(string? text) => OneLine(text).Replace("\\|", "|").Replace("|", "\\|");

    /// <summary>A YAML double-quoted scalar.</summary>
    public static string YamlString(string? text)
    {
        var builder = new StringBuilder("\"");
        foreach (var c in text ?? "")
        {
            switch (c)
            {
                case '\\': builder.Append("\\\\"); break;
                case '"': builder.Append("\\\""); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                default:
                    if (char.IsControl(c))
                    {
                        builder.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }
                    break;
            }
        }
        return builder.Append('"').ToString();
    }
}
