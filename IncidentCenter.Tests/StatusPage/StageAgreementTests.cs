using IncidentCenter.Incidents;
using IncidentCenter.StatusPage;

namespace IncidentCenter.Tests.StatusPage;

public class StageAgreementTests
{
    private static readonly DateTime At = new(2026, 11, 23, 10, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData(IncidentState.Investigating, null, StageDisagreement.None)]
    [InlineData(IncidentState.Resolved, null, StageDisagreement.None)]
    [InlineData(IncidentState.Investigating, StatusStage.Investigating, StageDisagreement.None)]
    [InlineData(IncidentState.Investigating, StatusStage.Monitoring, StageDisagreement.None)]
    [InlineData(IncidentState.Monitoring, StatusStage.Identified, StageDisagreement.None)]
    [InlineData(IncidentState.Resolved, StatusStage.Resolved, StageDisagreement.None)]
    [InlineData(IncidentState.Closed, StatusStage.Resolved, StageDisagreement.None)]
    [InlineData(IncidentState.Investigating, StatusStage.Resolved, StageDisagreement.PublicResolvedIncidentOpen)]
    [InlineData(IncidentState.Identified, StatusStage.Resolved, StageDisagreement.PublicResolvedIncidentOpen)]
    [InlineData(IncidentState.Monitoring, StatusStage.Resolved, StageDisagreement.PublicResolvedIncidentOpen)]
    [InlineData(IncidentState.Resolved, StatusStage.Investigating, StageDisagreement.IncidentResolvedPublicOpen)]
    [InlineData(IncidentState.Resolved, StatusStage.Monitoring, StageDisagreement.IncidentResolvedPublicOpen)]
    [InlineData(IncidentState.Closed, StatusStage.Identified, StageDisagreement.IncidentResolvedPublicOpen)]
    public void Every_pair_of_incident_state_and_public_stage_is_classified(IncidentState state, StatusStage? stage, StageDisagreement expected) =>
        Assert.Equal(expected, StageAgreement.Compare(state, stage));

    [Fact]
    public void The_flag_names_the_incident_and_says_what_disagrees()
    {
        var open = StageAgreement.Flag(7, "Checkout down", IncidentState.Monitoring, At, StatusStage.Resolved, 3, null);
        Assert.Equal(new StageFlag(7, "INC-7", "Checkout down", StageDisagreement.PublicResolvedIncidentOpen, IncidentState.Monitoring, StatusStage.Resolved), open);
        Assert.Equal("The public status page says Resolved, but the incident is still Monitoring.", open!.Message);

        var resolved = StageAgreement.Flag(7, "Checkout down", IncidentState.Closed, At, StatusStage.Identified, 3, null);
        Assert.Equal("The incident is Closed, but the public status page still shows it as Identified.", resolved!.Message);

        Assert.Null(StageAgreement.Flag(7, "Checkout down", IncidentState.Resolved, At, StatusStage.Resolved, 3, null));
        Assert.Null(StageAgreement.Flag(7, "Checkout down", IncidentState.Resolved, At, null, 0, null));
    }

    [Fact]
    public void A_dismissal_covers_only_the_situation_it_was_made_for()
    {
        var dismissed = new DismissedSituation(StageDisagreement.PublicResolvedIncidentOpen, At, 3);

        Assert.Null(StageAgreement.Flag(7, "t", IncidentState.Investigating, At, StatusStage.Resolved, 3, dismissed));
        // Someone acted: a new publish or correction (version), or a state change (its time).
        Assert.NotNull(StageAgreement.Flag(7, "t", IncidentState.Investigating, At, StatusStage.Resolved, 4, dismissed));
        Assert.NotNull(StageAgreement.Flag(7, "t", IncidentState.Identified, At.AddMinutes(1), StatusStage.Resolved, 3, dismissed));
        // The other disagreement is not covered by it.
        Assert.NotNull(StageAgreement.Flag(7, "t", IncidentState.Resolved, At, StatusStage.Monitoring, 3, dismissed));
        Assert.False(StageAgreement.Covers(dismissed, StageDisagreement.None, At, 3));
    }
}
