using IncidentCenter.Incidents;
using IncidentCenter.Shared;
using IncidentCenter.StatusPage.Public;

namespace IncidentCenter.StatusPage;

/// <summary>
/// The next public update while a responder writes it: stage, impact, title, message drafted from the
/// stage's template, affected components with their new status, times, and the choices the publish
/// needs. Holds the rules that keep typed text: the template follows only an untouched message, a view
/// that comes because someone else published never replaces the draft, and text typed while a publish
/// ran is kept when the draft starts over. The composer component only shows it.
/// </summary>
public sealed class StatusDraft
{
    private readonly Func<DateTime> _now;
    private string _lastDraft = "";
    private string? _keepBody;
    // The text of our last publish: only that text, never text typed after it, is cleared when the draft starts again.
    private string? _publishedBody;
    private bool _restartPending;
    private IncidentState _startedForState;
    private bool _started;

    public StatusDraft(IncidentStatusView view, Func<DateTime> now)
    {
        View = view;
        _now = now;
    }

    public IncidentStatusView View { get; private set; }

    public StatusStage Stage { get; private set; }
    public StatusImpact Impact { get; private set; }
    public string Title { get; private set; } = "";
    public string Body { get; set; } = "";
    public string? NextText { get; private set; }
    public string? EffectiveText { get; private set; }
    public string? MoveBackReason { get; set; }
    public bool ResolveIncident { get; set; } = true;

    /// <summary>Something other than the message was changed by hand since the draft started.</summary>
    public bool Touched { get; set; }

    /// <summary>The public incident's version this draft is written against.</summary>
    public int? BasedOnVersion { get; private set; }

    public IReadOnlyList<Choice> Components { get; private set; } = [];

    /// <summary>True while the message is still the template's text (nothing typed into it).</summary>
    public bool IsUntouchedTemplate => Body == _lastDraft;

    /// <summary>The message as it differs from the template: what is worth keeping across a restarted circuit.</summary>
    public string? TypedBody => string.IsNullOrWhiteSpace(Body) || Body == _lastDraft ? null : Body;

    public bool MovingBack => StatusStages.IsBackward(View.Public?.Stage, Stage);
    public DateTime Now => _now();
    public DateTime EffectiveAt => Time.ParseLocalInputAsUtc(EffectiveText) ?? Now;
    public DateTime? NextUpdateBy => Stage == StatusStage.Resolved ? null : Time.ParseLocalInputAsUtc(NextText);
    public bool ResolvesIncident => Stage == StatusStage.Resolved && ResolveIncident && IncidentLifecycle.IsOpen(View.State);
    public bool OffersResolve => Stage == StatusStage.Resolved && IncidentLifecycle.IsOpen(View.State);

    /// <summary>The affected components as the public update will list them: public ones only, with their new status.</summary>
    public IReadOnlyList<AffectedComponent> PreviewComponents => Components.Where(c => c.Selected && c.IsPublic)
        .OrderBy(c => c.ServiceId).Select(c => new AffectedComponent(c.ServiceId, c.Name, c.Current, c.Status)).ToList();

    /// <summary>The stage checks on what is written now.</summary>
    public IReadOnlyList<string> Warnings => StatusStages.Check(Stage, Body, Components.Count(c => c.Selected), NextUpdateBy,
        Components.Where(c => View.IncidentServiceIds.Contains(c.ServiceId)).SelectMany(c => new[] { c.Name, c.ServiceName }));

    /// <summary>
    /// A new view of the incident. Returns true when the draft started over (first view, the view after
    /// our own publish, or the incident moved on while nothing was changed by hand).
    /// </summary>
    public bool Receive(IncidentStatusView view)
    {
        View = view;
        if (!_started)
        {
            _started = true;
            Start();
            return true;
        }
        // Only the first view, and the first one after our own publish, start a draft: a view that comes
        // because someone else published must not overwrite what is being written.
        if (_restartPending && view.Public?.Version != BasedOnVersion)
        {
            _restartPending = false;
            Start();
            return true;
        }
        // The incident itself moved on (e.g. it was resolved) and nothing here was changed by hand yet:
        // start again from what fits now, which for a resolved incident is the Resolved update.
        if (!_restartPending && !Touched && Body == _lastDraft && view.State != _startedForState && view.Public?.Version == BasedOnVersion)
        {
            Start();
            return true;
        }
        return false;
    }

    /// <summary>A correction made on this same page (version before and after): the draft carries on from it.</summary>
    public void OwnCorrection(int from, int to)
    {
        if (BasedOnVersion == from)
        {
            BasedOnVersion = to;
        }
    }

    /// <summary>
    /// The person resolved the incident on this page: move to the Resolved update. The text typed so far
    /// stays (only an untouched message follows the template). False when there is nothing to prompt.
    /// </summary>
    public bool PromptResolved()
    {
        if (View.Public is not { Stage: not StatusStage.Resolved })
        {
            return false;
        }
        SetStage(StatusStage.Resolved);
        return true;
    }

    /// <summary>The person picks the stage.</summary>
    public void ChooseStage(StatusStage stage)
    {
        Touched = true;
        SetStage(stage);
    }

    private void SetStage(StatusStage stage)
    {
        Stage = stage;
        SuggestStatuses();
        Redraft();
    }

    public void SetImpact(StatusImpact impact)
    {
        Impact = impact;
        Touched = true;
        SuggestStatuses();
        Redraft();
    }

    public void SetTitle(string? title)
    {
        Title = title ?? "";
        Touched = true;
        Redraft();
    }

    public void SetNextText(string? text)
    {
        NextText = text;
        Touched = true;
        Redraft();
    }

    public void SetEffectiveText(string? text)
    {
        EffectiveText = text;
        Touched = true;
    }

    public void Select(Choice choice, bool selected)
    {
        choice.Selected = selected;
        Touched = true;
        Redraft();
    }

    public void SetStatus(Choice choice, ComponentStatus status)
    {
        choice.Status = status;
        Touched = true;
    }

    /// <summary>Replaces the message with the stage's template, whatever was typed.</summary>
    public void ForceRedraft()
    {
        Body = "";
        Redraft();
    }

    /// <summary>Takes the newest published version as the base: publishing then replaces it knowingly.</summary>
    public void AcceptLatest() => BasedOnVersion = View.Public?.Version;

    /// <summary>The invalid time field, if any, as the message to show next to it.</summary>
    public string? TimeError() =>
        !string.IsNullOrWhiteSpace(NextText) && Time.ParseLocalInputAsUtc(NextText) is null ? "The next update time is not a valid date and time."
        : !string.IsNullOrWhiteSpace(EffectiveText) && Time.ParseLocalInputAsUtc(EffectiveText) is null ? "The effective time is not a valid date and time."
        : null;

    /// <summary>The publish command for what is written now; <paramref name="confirmed"/> is the person's yes to the confirmation.</summary>
    public PublishStatusUpdate ToCommand(bool confirmed) => new()
    {
        ExpectedVersion = BasedOnVersion,
        Stage = Stage,
        Title = Title,
        Body = Body,
        Impact = Impact,
        Components = Components.Where(c => c.Selected).Select(c => new ComponentChoice(c.ServiceId, c.Status)).ToList(),
        NextUpdateBy = NextUpdateBy,
        EffectiveAt = Time.ParseLocalInputAsUtc(EffectiveText),
        MoveBack = MovingBack && confirmed,
        MoveBackReason = MovingBack ? MoveBackReason : null,
        AcknowledgeWarnings = confirmed,
        ResolveIncident = ResolveIncident,
    };

    /// <summary>
    /// What the person must confirm before this publish: moving the public stage back, the stage checks'
    /// warnings, and resolving the incident too. Empty when nothing needs a yes.
    /// </summary>
    public IReadOnlyList<string> Confirmations(IEnumerable<string> serverWarnings)
    {
        var lines = new List<string>();
        if (MovingBack)
        {
            lines.Add($"This moves the public stage back from {View.Public!.Stage} to {Stage}.");
        }
        lines.AddRange(Warnings.Concat(serverWarnings).Distinct());
        if (ResolvesIncident)
        {
            lines.Add($"This also resolves {View.Reference} (it is still {View.State}).");
        }
        return lines;
    }

    /// <summary>
    /// The publish of <paramref name="sent"/> succeeded. The draft starts over with the next view that
    /// carries a new version; anything typed since <paramref name="sent"/> was taken stays then.
    /// </summary>
    public void Published(PublishStatusUpdate sent)
    {
        if (Body != sent.Body)
        {
            _keepBody = Body;
        }
        _publishedBody = sent.Body;
        _restartPending = true;
    }

    /// <summary>A draft kept elsewhere (browser, paused circuit) comes back; true when it replaced the message.</summary>
    public bool Restore(string? saved)
    {
        if (string.IsNullOrEmpty(saved) || saved == Body)
        {
            return false;
        }
        Body = saved;
        return true;
    }

    private void Start()
    {
        // Typed after our publish but before this restart (the view that carries the new version can
        // come later than the publish's own continuation): that text is not the published text, so it stays.
        if (_keepBody is null && !string.IsNullOrWhiteSpace(Body) && Body != _lastDraft && Body != _publishedBody)
        {
            _keepBody = Body;
        }
        _publishedBody = null;
        BasedOnVersion = View.Public?.Version;
        Stage = StatusStages.Suggest(View.Public?.Stage, View.State);
        _startedForState = View.State;
        Touched = false;
        Impact = View.Public?.Impact ?? StatusStages.DefaultImpact(View.Severity);
        Title = View.Public?.Title ?? View.IncidentTitle;
        NextText = Time.ToLocalInput(Now + View.Cadence.UpdateEvery);
        EffectiveText = null;
        MoveBackReason = null;
        ResolveIncident = true;
        var affected = View.IncidentServiceIds.Concat(View.Public?.ComponentIds ?? []).ToHashSet();
        Components = View.Components
            .Where(c => c.IsPublic || affected.Contains(c.ServiceId))
            .Select(c => new Choice(c.ServiceId, c.PublicName, c.ServiceName, c.IsPublic) { Selected = affected.Contains(c.ServiceId), Current = c.Status })
            .ToList();
        SuggestStatuses();
        _lastDraft = "";
        Body = "";
        Redraft();
        // Text typed while the previous update was being published is not the published text: it stays.
        if (_keepBody is not null)
        {
            Body = _keepBody;
            _keepBody = null;
        }
    }

    /// <summary>Resolved sets the affected components back to Operational; other stages follow the impact.</summary>
    private void SuggestStatuses()
    {
        var suggested = StatusTemplates.SuggestedStatus(Stage, Impact);
        foreach (var c in Components)
        {
            c.Status = suggested;
        }
    }

    private StatusTemplateFacts Facts() => new(
        Title.Trim(),
        // Only public components: an internal-only service's name must not be drafted into public text.
        Components.Where(c => c.Selected && c.IsPublic).Select(c => c.Name).ToList(),
        Impact,
        View.Public?.StartedAt ?? View.DetectedAt,
        NextUpdateBy);

    /// <summary>Follows the template while the message is untouched; once edited, only the explicit redraft replaces it.</summary>
    private void Redraft()
    {
        var draft = StatusTemplates.Render(View.Templates.GetValueOrDefault(Stage) ?? StatusTemplates.Default(Stage), Facts());
        if (Body == _lastDraft || string.IsNullOrWhiteSpace(Body))
        {
            Body = draft;
        }
        _lastDraft = draft;
    }

    /// <summary>One component offered in the draft.</summary>
    public sealed class Choice(int serviceId, string name, string serviceName, bool isPublic)
    {
        public int ServiceId { get; } = serviceId;
        public string Name { get; } = name;
        public string ServiceName { get; } = serviceName;
        public bool IsPublic { get; } = isPublic;
        public bool Selected { get; set; }
        public ComponentStatus Current { get; set; }
        public ComponentStatus Status { get; set; }
    }
}
