using IncidentCenter.Accounts;
using IncidentCenter.Incidents;
using IncidentCenter.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.JSInterop;
using MudBlazor;

namespace IncidentCenter.Postmortems.Pages;

/// <summary>The post-mortem editor: the text and its rules live in <see cref="PostmortemDraft"/>; this page saves, autosaves and runs the review actions.</summary>
public partial class PostmortemPage
{

    private static readonly TimeSpan AutosaveDelay = TimeSpan.FromSeconds(2);

    private readonly PostmortemDraft draft = new();
    private IncidentDetail? detail;
    private IReadOnlyList<BlameHint> hints = [];
    private string? loadError;
    private string? actionError;
    private string? saveStatus;
    private bool busy;
    private bool saving;
    private bool canRespond;
    private bool draftChecked;
    private bool restoredDraft;
    private int subscribedId;
    private Timer? autosaveTimer;
    private BlameHintsWorker? hintsWorker;
    private bool disposed;
    private System.Security.Claims.ClaimsPrincipal? me;
    private string? resumedMarkdown;

    [Parameter] public string Reference { get; set; } = "";
    [CascadingParameter] private Task<AuthenticationState> AuthState { get; set; } = default!;

    /// <summary>Unsaved text, kept by the framework across a paused or restarted circuit (the browser draft is the second line of defence).</summary>
    [PersistentState]
    public string? UnsavedMarkdown
    {
        get => draft.Dirty ? draft.Markdown : null;
        set => resumedMarkdown = value;
    }
    private string? DraftKey => me is null ? null : BrowserDrafts.Key(me, $"postmortem:{subscribedId}");
    private bool Editable => draft.View is not null && !draft.IsPublished && canRespond;
    private string? SaveStatus => draft.Dirty ? "Unsaved changes" : saveStatus;

    protected override async Task OnInitializedAsync()
    {
        me = (await AuthState).User;
        canRespond = me.IsInRole(AppRoles.Admin) || me.IsInRole(AppRoles.Responder);
        // Hints are scanned off the render path, a moment after typing stops (a post-mortem can hold 1 MB).
        hintsWorker = new BlameHintsWorker(Clock, found => InvokeAsync(() => { hints = found; StateHasChanged(); }), ex => InvokeAsync(() => DispatchExceptionAsync(ex)));
        autosaveTimer = new Timer(_ => InvokeAsync(async () =>
        {
            try
            {
                await AutosaveAsync();
                StateHasChanged();
            }
            catch (Exception ex)
            {
                await DispatchExceptionAsync(ex);
            }
        }));
    }

    protected override async Task OnParametersSetAsync()
    {
        if (!IncidentReference.TryParse(Reference, out var id))
        {
            loadError = $"\"{Reference}\" is not an incident reference like INC-42.";
            return;
        }
        if (Follow(id))
        {
            subscribedId = id;
            draft.Adopt(null, replaceText: true);
            draftChecked = false;
        }
        await LoadAsync();
    }

    // The head, the key events and follow-ups in the generated sections, the checklists and status updates it quotes.
    protected override IReadOnlySet<IncidentChangeKind> ReloadsOn => AnyChange;

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (draftChecked || !Editable)
        {
            return;
        }
        draftChecked = true;
        // A copy kept in the browser (wwwroot/js/drafts.js) outlives a dropped circuit or a restart that came before the autosave did.
        var saved = resumedMarkdown ?? await JS.InvokeAsync<string?>("incidentDrafts.load", DraftKey);
        resumedMarkdown = null;
        if (draft.Restore(saved))
        {
            // Shown, not saved: the person decides whether it replaces what the server holds.
            restoredDraft = true;
            hintsWorker?.Request(draft.Markdown, immediately: true);
            StateHasChanged();
        }
    }

    protected override async Task LoadAsync()
    {
        try
        {
            var user = (await AuthState).User;
            detail = await Queries.GetAsync(user, subscribedId);
            Adopt(await Postmortems.GetAsync(user, subscribedId));
            loadError = null;
        }
        catch (UserFacingException ex)
        {
            loadError = ex.Message;
        }
    }

    private void Adopt(PostmortemView? fresh, bool replaceText = false)
    {
        if (draft.Adopt(fresh, replaceText) && Editable)
        {
            hintsWorker?.Request(draft.Markdown, immediately: true);
        }
    }

    private void OnEdited(string? text)
    {
        draft.Markdown = text ?? "";
        hintsWorker?.Request(draft.Markdown);
        saveStatus = null;
        autosaveTimer?.Change(AutosaveDelay, Timeout.InfiniteTimeSpan);
    }

    private async Task AutosaveAsync()
    {
        if (!disposed && draft.Dirty && Editable && !busy && !saving)
        {
            await SaveCoreAsync(autosave: true);
        }
    }

    private async Task<bool> SaveCoreAsync(bool autosave)
    {
        saving = true;
        var text = draft.Markdown;
        try
        {
            draft.Saved(text, await Postmortems.SaveAsync((await AuthState).User, subscribedId, draft.BaseVersion, text, autosave));
            actionError = null;
            saveStatus = autosave ? "Saved automatically" : "Saved";
            await JS.InvokeAsync<bool>("incidentDrafts.swap", null, DraftKey, text, "");
            return true;
        }
        catch (ConcurrencyConflictException ex)
        {
            // Someone else saved first: keep this person's text, move to the current version.
            draft.Conflict(await Postmortems.GetAsync((await AuthState).User, subscribedId));
            actionError = $"{ex.Message} Your text is kept in the editor; saving again replaces the other version (it stays in the history).";
            return false;
        }
        catch (UserFacingException ex)
        {
            Snackbar.Add(ex.Message, MudBlazor.Severity.Error);
            return false;
        }
        finally
        {
            saving = false;
        }
    }

    private Task SaveAsync() => RunAsync(async () =>
    {
        autosaveTimer?.Change(Timeout.Infinite, Timeout.Infinite);
        await SaveCoreAsync(autosave: false);
    });

    private Task GenerateAsync(int? templateId) => RunAsync(async () =>
    {
        Adopt(await Postmortems.GenerateAsync((await AuthState).User, subscribedId, templateId), replaceText: true);
        draftChecked = true;
        await JS.InvokeVoidAsync("incidentDrafts.clear", DraftKey);
    });

    private Task RefreshGeneratedAsync() => WithSavedTextAsync(user => Postmortems.RefreshGeneratedAsync(user, subscribedId, draft.BaseVersion), "Generated sections refreshed.");

    private Task RequestReviewAsync() => WithSavedTextAsync(user => Postmortems.RequestReviewAsync(user, subscribedId, draft.BaseVersion), "Sent for review.");

    private async Task PublishAsync()
    {
        // Publishing closes the incident and freezes the document: asked first.
        if (await Dialogs.ShowMessageBoxAsync("Publish the post-mortem?", "A published post-mortem no longer changes, and the incident is closed.",
                yesText: "Publish", cancelText: "Cancel") != true)
        {
            return;
        }
        await WithSavedTextAsync(async user =>
        {
            var published = await Postmortems.PublishAsync(user, subscribedId, draft.BaseVersion);
            detail = await Queries.GetAsync(user, subscribedId);
            return published;
        }, "Published the post-mortem.");
    }

    private Task ReturnToDraftAsync() => WithSavedTextAsync(user => Postmortems.ReturnToDraftAsync(user, subscribedId, draft.BaseVersion), "Returned to draft.");

    private Task RestoreAsync(int revisionId) => WithSavedTextAsync(user => Postmortems.RestoreRevisionAsync(user, subscribedId, draft.BaseVersion, revisionId), "Restored that version.");

    private async Task ActionItemsChangedAsync()
    {
        if (Editable)
        {
            // The document lists the action items in a generated section: bring it up to date (saving the editor's text first).
            await WithSavedTextAsync(user => Postmortems.RefreshGeneratedAsync(user, subscribedId, draft.BaseVersion), null);
            return;
        }
        // They also decide whether publishing is allowed.
        Adopt(await Postmortems.GetAsync((await AuthState).User, subscribedId));
    }

    /// <summary>Saves what is in the editor first, then runs a state change on the saved version and takes its result.</summary>
    private Task WithSavedTextAsync(Func<System.Security.Claims.ClaimsPrincipal, Task<PostmortemView>> action, string? done) => RunAsync(async () =>
    {
        autosaveTimer?.Change(Timeout.Infinite, Timeout.Infinite);
        if (draft.Dirty && Editable && !await SaveCoreAsync(autosave: false))
        {
            return;
        }
        var sent = draft.Markdown;
        var result = await action((await AuthState).User);
        saveStatus = null;
        if (!draft.ActionDone(sent, result))
        {
            // Typed while it ran: the editor keeps it, unsaved, and the next save replaces the newer version knowingly.
            Snackbar.Add("Done. What you typed meanwhile is still in the editor, not saved yet.", MudBlazor.Severity.Info);
            return;
        }
        if (done is not null)
        {
            Snackbar.Add(done, MudBlazor.Severity.Success);
        }
        await JS.InvokeAsync<bool>("incidentDrafts.swap", null, DraftKey, sent, "");
    });

    private async Task RunAsync(Func<Task> action)
    {
        if (busy)
        {
            Snackbar.Add("The previous action is still running; try again once it is done. Your text is kept.", MudBlazor.Severity.Warning);
            return;
        }
        busy = true;
        actionError = null;
        try
        {
            await action();
        }
        catch (ConcurrencyConflictException ex)
        {
            actionError = ex.Message;
            await LoadAsync();
        }
        catch (UserFacingException ex)
        {
            Snackbar.Add(ex.Message, MudBlazor.Severity.Error);
        }
        finally
        {
            busy = false;
        }
    }

    private static string StateLabel(PostmortemState state) => state == PostmortemState.InReview ? "In review" : state.ToString();

    public override void Dispose()
    {
        disposed = true;
        base.Dispose();
        autosaveTimer?.Dispose();
        hintsWorker?.Dispose();
    }
}
