using IncidentCenter.Incidents;
using IncidentCenter.StatusPage;

namespace IncidentCenter.Tests.StatusPage;

/// <summary>The composer's draft rules, called directly: what follows the template, and what typed text survives.</summary>
public sealed class StatusDraftTests
{
    private static readonly DateTime Now = new(2026, 11, 23, 10, 0, 0, DateTimeKind.Utc);

    private static IncidentStatusView View(IncidentState state = IncidentState.Investigating, PublicIncidentInfo? pub = null) =>
        new(7, "INC-7", "db-7 pool exhausted", Severity.Sev2, state, Now, pub, [], [1],
            [new StatusComponentRow(1, "checkout-svc", "Checkout", null, 0, true, ComponentStatus.Operational, null, 0)],
            StatusStages.All.ToDictionary(s => s, s => s + ": {{Services}} {{Title}}"),
            new StatusCadence(Now.AddMinutes(30), false, pub is not null, TimeSpan.FromMinutes(30)));

    private static PublicIncidentInfo Published(StatusStage stage, int version) =>
        new("Checkout errors", stage, StatusImpact.Major, Now, null, null, Now, version, [1]);

    private static StatusDraft Started(IncidentStatusView view)
    {
        var draft = new StatusDraft(view, () => Now);
        Assert.True(draft.Receive(view));
        return draft;
    }

    [Fact]
    public void Starts_at_the_next_stage_from_the_template_and_follows_it_until_the_message_is_typed_in()
    {
        var draft = Started(View());
        Assert.Equal(StatusStage.Investigating, draft.Stage);
        Assert.Equal("Investigating: Checkout db-7 pool exhausted", draft.Body);

        draft.SetTitle("Checkout errors");
        Assert.Equal("Investigating: Checkout Checkout errors", draft.Body);

        draft.Body = "My words.";
        draft.ChooseStage(StatusStage.Identified);
        Assert.Equal("My words.", draft.Body);
        draft.ForceRedraft();
        Assert.Equal("Identified: Checkout Checkout errors", draft.Body);
    }

    [Fact]
    public void A_view_from_someone_elses_publish_never_replaces_the_draft()
    {
        var draft = Started(View());
        draft.Body = "Mine.";
        Assert.False(draft.Receive(View(pub: Published(StatusStage.Investigating, 1))));
        Assert.Equal("Mine.", draft.Body);
        Assert.Null(draft.BasedOnVersion);
        draft.AcceptLatest();
        Assert.Equal(1, draft.BasedOnVersion);
    }

    [Fact]
    public void After_our_publish_the_draft_starts_over_but_text_typed_during_the_publish_stays()
    {
        var draft = Started(View());
        draft.Body = "Sent text.";
        var sent = draft.ToCommand(confirmed: false);
        draft.Body = "Sent text. And more typed while it saved.";
        draft.Published(sent);

        Assert.True(draft.Receive(View(pub: Published(StatusStage.Investigating, 1))));
        Assert.Equal(StatusStage.Identified, draft.Stage);
        Assert.Equal("Sent text. And more typed while it saved.", draft.Body);
        Assert.Equal(1, draft.BasedOnVersion);
    }

    [Fact]
    public void After_our_publish_with_nothing_typed_since_the_next_stage_gets_its_template()
    {
        var draft = Started(View());
        draft.Body = "Sent text.";
        draft.Published(draft.ToCommand(confirmed: false));
        Assert.True(draft.Receive(View(pub: Published(StatusStage.Investigating, 1))));
        Assert.Equal("Identified: Checkout Checkout errors", draft.Body);
    }

    [Fact]
    public void The_incident_moving_on_restarts_an_untouched_draft_only()
    {
        var untouched = Started(View());
        Assert.True(untouched.Receive(View(IncidentState.Resolved)));
        Assert.Equal(StatusStage.Resolved, untouched.Stage);

        var typed = Started(View());
        typed.Body = "Still writing.";
        Assert.False(typed.Receive(View(IncidentState.Resolved)));
        Assert.Equal(StatusStage.Investigating, typed.Stage);
        Assert.Equal("Still writing.", typed.Body);
    }

    [Fact]
    public void Resolving_on_the_page_moves_to_Resolved_and_keeps_typed_text()
    {
        var draft = Started(View(pub: Published(StatusStage.Monitoring, 3)));
        draft.Body = "Mine.";
        Assert.True(draft.PromptResolved());
        Assert.Equal(StatusStage.Resolved, draft.Stage);
        Assert.Equal("Mine.", draft.Body);
        Assert.All(draft.Components, c => Assert.Equal(ComponentStatus.Operational, c.Status));
    }

    [Fact]
    public void Confirmations_name_moving_back_the_warnings_and_resolving_and_the_command_carries_the_yes()
    {
        // After Monitoring the draft offers Resolved, which resolves the open incident too.
        var draft = Started(View(pub: Published(StatusStage.Monitoring, 3)));
        Assert.Equal(["This also resolves INC-7 (it is still Investigating)."], draft.Confirmations([]));
        Assert.False(draft.ToCommand(confirmed: false).MoveBack);

        draft.ChooseStage(StatusStage.Identified);
        draft.MoveBackReason = "The fix did not hold";
        Assert.Equal(["This moves the public stage back from Monitoring to Identified."], draft.Confirmations([]));
        var command = draft.ToCommand(confirmed: true);
        Assert.True(command.MoveBack);
        Assert.Equal("The fix did not hold", command.MoveBackReason);

        draft.SetNextText("");
        Assert.Contains("The incident is still open but this update promises no time for the next one.", draft.Confirmations([]));

        draft.ChooseStage(StatusStage.Resolved);
        Assert.Equal(["This also resolves INC-7 (it is still Investigating)."], draft.Confirmations([]));
        draft.ResolveIncident = false;
        Assert.Empty(draft.Confirmations([]));
        Assert.Equal(["From the server."], draft.Confirmations(["From the server."]));
    }

    [Fact]
    public void The_preview_lists_only_selected_public_components_and_bad_times_are_named()
    {
        var draft = Started(View());
        Assert.Equal("Checkout", Assert.Single(draft.PreviewComponents).Name);
        draft.Select(draft.Components[0], false);
        Assert.Empty(draft.PreviewComponents);
        Assert.DoesNotContain("Checkout", draft.Body);

        draft.SetNextText("not a time");
        Assert.Equal("The next update time is not a valid date and time.", draft.TimeError());
        draft.SetNextText("2026-11-23T11:00");
        draft.SetEffectiveText("nope");
        Assert.Equal("The effective time is not a valid date and time.", draft.TimeError());
    }

    [Fact]
    public void A_restored_draft_replaces_the_message_only_when_it_differs()
    {
        var draft = Started(View());
        Assert.False(draft.Restore(null));
        Assert.False(draft.Restore(draft.Body));
        Assert.Null(draft.TypedBody);
        Assert.True(draft.Restore("Kept in the browser."));
        Assert.Equal("Kept in the browser.", draft.TypedBody);
    }
}
