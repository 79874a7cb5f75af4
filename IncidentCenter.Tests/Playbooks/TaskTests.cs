using IncidentCenter.Accounts;
using IncidentCenter.Incidents;
using IncidentCenter.Playbooks;
using IncidentCenter.Postmortems;
using IncidentCenter.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace IncidentCenter.Tests.Playbooks;

/// <summary>
/// Tasks during an incident (<see cref="TaskService"/>) share the action-item model with follow-ups
/// (<see cref="ActionItemService"/>), told apart by their kind; each service changes only its own kind.
/// </summary>
public class TaskTests : IAsyncLifetime
{
    private TestApp _app = null!;
    private TestUser _alice = null!; // Responder
    private TestUser _bob = null!;   // Responder
    private TestUser _vera = null!;  // Viewer
    private int _incidentId;

    private TaskService Tasks => _app.Services.GetRequiredService<TaskService>();
    private ActionItemService FollowUps => _app.Services.GetRequiredService<ActionItemService>();

    public async Task InitializeAsync()
    {
        _app = await TestApp.CreateAsync();
        _alice = await _app.CreateUserAsync("Alice Responder", AppRoles.Responder);
        _bob = await _app.CreateUserAsync("Bob Responder", AppRoles.Responder);
        _vera = await _app.CreateUserAsync("Vera Viewer", AppRoles.Viewer);
        _incidentId = (await _app.Incidents.DeclareAsync(_alice.Principal, new DeclareIncident { Title = "Search is down", Severity = Severity.Sev2 })).Id;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private Task<string> LastTimelineTextAsync() =>
        _app.QueryAsync(db => db.TimelineEntries.Where(t => t.IncidentId == _incidentId).OrderByDescending(t => t.Id).Select(t => t.Text).FirstAsync());

    [Fact]
    public async Task Tasks_and_follow_ups_are_listed_apart_and_tasks_go_into_the_timeline()
    {
        var task = await Tasks.AddAsync(_alice.Principal, _incidentId, "Restart the indexer", _bob.Id);
        Assert.Equal("Alice Responder added the task \"Restart the indexer\", assigned to Bob Responder.", await LastTimelineTextAsync());
        var followUp = await FollowUps.AddAsync(_alice.Principal, _incidentId, "Alert on indexer lag", null, new DateOnly(2026, 12, 1));

        Assert.Equal([task.Id], (await Tasks.ListForIncidentAsync(_vera.Principal, _incidentId)).Select(i => i.Id));
        Assert.Equal([followUp.Id], (await FollowUps.ListForIncidentAsync(_vera.Principal, _incidentId)).Select(i => i.Id));
        Assert.Equal(ActionItemKind.Task, task.Kind);
        Assert.Equal(ActionItemKind.FollowUp, followUp.Kind);

        await Tasks.UpdateAsync(_bob.Principal, task.Id, task.Version, task.Title, _bob.Id, null, ActionItemState.Done);
        Assert.Equal("Task \"Restart the indexer\": Bob Responder marked it done.", await LastTimelineTextAsync());
        var timelineCount = await _app.QueryAsync(db => db.TimelineEntries.CountAsync());
        await FollowUps.UpdateAsync(_bob.Principal, followUp.Id, followUp.Version, followUp.Title, _bob.Id, null, ActionItemState.InProgress);
        Assert.Equal(timelineCount, await _app.QueryAsync(db => db.TimelineEntries.CountAsync()));
    }

    [Fact]
    public async Task The_open_list_across_incidents_filters_by_kind_and_puts_overdue_first()
    {
        var other = (await _app.Incidents.DeclareAsync(_alice.Principal, new DeclareIncident { Title = "Mail delayed", Severity = Severity.Sev3 })).Id;
        var today = DateOnly.FromDateTime(_app.Clock.UtcNow);
        var lateTask = await Tasks.AddAsync(_alice.Principal, other, "Drain the queue", _bob.Id, today.AddDays(-1));
        var task = await Tasks.AddAsync(_alice.Principal, _incidentId, "Restart the indexer", null);
        var followUp = await FollowUps.AddAsync(_alice.Principal, _incidentId, "Alert on lag", null, today.AddDays(3));
        var doneTask = await Tasks.AddAsync(_alice.Principal, _incidentId, "Page search team", null);
        await Tasks.UpdateAsync(_alice.Principal, doneTask.Id, 0, doneTask.Title, null, null, ActionItemState.Done);

        var all = await FollowUps.ListOpenAsync(_vera.Principal);
        Assert.Equal([lateTask.Id, followUp.Id, task.Id], all.Select(i => i.Id));
        Assert.True(all[0].Overdue);
        Assert.Equal("Mail delayed", all[0].IncidentTitle);
        Assert.Equal([lateTask.Id, task.Id], (await FollowUps.ListOpenAsync(_vera.Principal, ActionItemKind.Task)).Select(i => i.Id));
        Assert.Equal([followUp.Id], (await FollowUps.ListOpenAsync(_vera.Principal, ActionItemKind.FollowUp)).Select(i => i.Id));
    }

    [Fact]
    public async Task Task_changes_are_published_live_and_a_task_can_become_a_follow_up()
    {
        var kinds = new List<IncidentChangeKind>();
        using var subscription = _app.Services.GetRequiredService<IncidentNotifier>().Subscribe(_incidentId, c => { kinds.Add(c.Kind); return Task.CompletedTask; });

        var task = await Tasks.AddAsync(_alice.Principal, _incidentId, "Roll back search deploy", null);
        await Tasks.UpdateAsync(_alice.Principal, task.Id, 0, task.Title, _alice.Id, null, ActionItemState.InProgress);
        await Tasks.ConvertToFollowUpAsync(_alice.Principal, task.Id, 1);

        Assert.Equal([IncidentChangeKind.TasksChanged, IncidentChangeKind.TasksChanged, IncidentChangeKind.TasksChanged], kinds);
        Assert.Empty(await Tasks.ListForIncidentAsync(_vera.Principal, _incidentId));
        Assert.Equal(ActionItemKind.FollowUp, Assert.Single(await FollowUps.ListForIncidentAsync(_vera.Principal, _incidentId)).Kind);
        Assert.Equal("Alice Responder made the task \"Roll back search deploy\" a follow-up.", await LastTimelineTextAsync());
        await Assert.ThrowsAsync<IncidentCenter.Shared.ConcurrencyConflictException>(() => Tasks.ConvertToFollowUpAsync(_alice.Principal, task.Id, 1));
    }

    [Fact]
    public async Task Post_mortems_list_follow_ups_and_not_tasks()
    {
        await Tasks.AddAsync(_alice.Principal, _incidentId, "Restart the indexer", null);
        await FollowUps.AddAsync(_alice.Principal, _incidentId, "Alert on indexer lag", _bob.Id, new DateOnly(2026, 12, 1));
        await _app.Incidents.ChangeStateAsync(_alice.Principal, _incidentId, 0, IncidentState.Resolved);

        var postmortems = _app.Services.GetRequiredService<PostmortemService>();
        var view = await postmortems.GenerateAsync(_alice.Principal, _incidentId);

        Assert.Contains("Alert on indexer lag", view.Markdown);
        Assert.DoesNotContain("Restart the indexer", view.Markdown);
        // An unowned, undated task does not hold up publishing a SEV2 post-mortem either.
        Assert.DoesNotContain(view.PublishBlockers, b => b.Contains("Restart the indexer"));
    }

    [Fact]
    public async Task Each_service_changes_only_its_own_kind_and_refuses_a_stale_version()
    {
        var task = await Tasks.AddAsync(_alice.Principal, _incidentId, "Restart the indexer", null);
        var followUp = await FollowUps.AddAsync(_alice.Principal, _incidentId, "Alert on indexer lag", null, null);
        var before = await _app.SnapshotAsync();

        // The follow-up editor cannot change a task behind the timeline's back, nor the tasks panel a follow-up.
        await Assert.ThrowsAsync<IncidentCenter.Shared.NotFoundException>(() =>
            FollowUps.UpdateAsync(_alice.Principal, task.Id, task.Version, "Renamed", null, null, ActionItemState.Done));
        await Assert.ThrowsAsync<IncidentCenter.Shared.NotFoundException>(() =>
            Tasks.UpdateAsync(_alice.Principal, followUp.Id, followUp.Version, "Renamed", null, null, ActionItemState.Done));
        await Assert.ThrowsAsync<IncidentCenter.Shared.NotFoundException>(() => Tasks.ConvertToFollowUpAsync(_alice.Principal, followUp.Id, followUp.Version));
        Assert.Equal(before, await _app.SnapshotAsync());

        // Both check the version the person saw: a second change from the same stale view is refused and writes nothing.
        await Tasks.UpdateAsync(_alice.Principal, task.Id, task.Version, task.Title, _bob.Id, null, ActionItemState.InProgress);
        await FollowUps.UpdateAsync(_alice.Principal, followUp.Id, followUp.Version, followUp.Title, _bob.Id, null, ActionItemState.InProgress);
        var afterFirst = await _app.SnapshotAsync();
        await Assert.ThrowsAsync<IncidentCenter.Shared.ConcurrencyConflictException>(() =>
            Tasks.UpdateAsync(_bob.Principal, task.Id, task.Version, task.Title, null, null, ActionItemState.Done));
        await Assert.ThrowsAsync<IncidentCenter.Shared.ConcurrencyConflictException>(() =>
            FollowUps.UpdateAsync(_bob.Principal, followUp.Id, followUp.Version, followUp.Title, null, null, ActionItemState.Done));
        Assert.Equal(afterFirst, await _app.SnapshotAsync());
    }
}
