using IncidentCenter.Incidents;
using static IncidentCenter.Incidents.IncidentState;

namespace IncidentCenter.Tests.Incidents;

public class IncidentLifecycleTests
{
    /// <summary>The rule, written out: open states move to any other open state or to Resolved;
    /// Resolved is closed or reopened; Closed can only be reopened.</summary>
    private static readonly HashSet<(IncidentState From, IncidentState To)> Allowed =
    [
        (Investigating, Identified), (Investigating, Monitoring), (Investigating, Resolved),
        (Identified, Investigating), (Identified, Monitoring), (Identified, Resolved),
        (Monitoring, Investigating), (Monitoring, Identified), (Monitoring, Resolved),
        (Resolved, Closed), (Resolved, Investigating),
        (Closed, Investigating),
    ];

    public static TheoryData<IncidentState, IncidentState, bool> EveryPair()
    {
        var data = new TheoryData<IncidentState, IncidentState, bool>();
        foreach (var from in Enum.GetValues<IncidentState>())
        {
            foreach (var to in Enum.GetValues<IncidentState>())
            {
                data.Add(from, to, Allowed.Contains((from, to)));
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryPair))]
    public void CanMove_follows_the_lifecycle(IncidentState from, IncidentState to, bool allowed)
    {
        Assert.Equal(allowed, IncidentLifecycle.CanMove(from, to));
        Assert.Equal(allowed, IncidentLifecycle.AllowedNext(from).Contains(to));
    }

    [Fact]
    public void No_state_moves_to_itself()
    {
        foreach (var state in Enum.GetValues<IncidentState>())
        {
            Assert.False(IncidentLifecycle.CanMove(state, state), $"{state} -> {state}");
        }
    }

    [Fact]
    public void An_open_incident_cannot_be_closed_without_being_resolved()
    {
        Assert.False(IncidentLifecycle.CanMove(Investigating, Closed));
        Assert.False(IncidentLifecycle.CanMove(Identified, Closed));
        Assert.False(IncidentLifecycle.CanMove(Monitoring, Closed));
    }

    [Theory]
    [InlineData(Investigating, true)]
    [InlineData(Identified, true)]
    [InlineData(Monitoring, true)]
    [InlineData(Resolved, false)]
    [InlineData(Closed, false)]
    public void IsOpen(IncidentState state, bool open) => Assert.Equal(open, IncidentLifecycle.IsOpen(state));

    [Theory]
    [InlineData(Resolved, Investigating, true)]
    [InlineData(Closed, Investigating, true)]
    [InlineData(Resolved, Closed, false)]
    [InlineData(Monitoring, Investigating, false)]
    [InlineData(Investigating, Resolved, false)]
    public void IsReopen_only_from_resolved_or_closed_back_to_open(IncidentState from, IncidentState to, bool reopen) =>
        Assert.Equal(reopen, IncidentLifecycle.IsReopen(from, to));

    [Theory]
    [InlineData(Monitoring, Investigating, true)]
    [InlineData(Monitoring, Identified, true)]
    [InlineData(Identified, Investigating, true)]
    [InlineData(Investigating, Identified, false)]
    [InlineData(Identified, Monitoring, false)]
    [InlineData(Resolved, Investigating, false)] // a reopen, not a step back
    [InlineData(Closed, Investigating, false)]
    [InlineData(Monitoring, Resolved, false)]
    public void IsBackward_only_between_open_states(IncidentState from, IncidentState to, bool backward) =>
        Assert.Equal(backward, IncidentLifecycle.IsBackward(from, to));

    [Theory]
    [InlineData(Resolved, Investigating, "Reopen")]
    [InlineData(Closed, Investigating, "Reopen")]
    [InlineData(Monitoring, Investigating, "Back to Investigating")]
    [InlineData(Investigating, Identified, "Cause identified")]
    [InlineData(Identified, Monitoring, "Fix in place: monitoring")]
    [InlineData(Monitoring, Resolved, "Resolve")]
    [InlineData(Resolved, Closed, "Close")]
    public void ActionLabel_names_the_move(IncidentState from, IncidentState to, string label) =>
        Assert.Equal(label, IncidentLifecycle.ActionLabel(from, to));

    [Theory]
    [InlineData("INC-42", 42)]
    [InlineData("inc-42", 42)]
    [InlineData(" 42 ", 42)]
    public void Reference_parses(string text, int id)
    {
        Assert.True(IncidentReference.TryParse(text, out var parsed));
        Assert.Equal(id, parsed);
        Assert.Equal("INC-42", IncidentReference.Format(42));
    }

    [Theory]
    [InlineData("")]
    [InlineData("INC-")]
    [InlineData("INC-0")]
    [InlineData("INC--3")]
    [InlineData("database")]
    public void Reference_rejects_non_references(string text) => Assert.False(IncidentReference.TryParse(text, out _));
}
