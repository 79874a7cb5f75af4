using IncidentCenter.Shared;
using IncidentCenter.StatusPage;

namespace IncidentCenter.Tests.StatusPage;

/// <summary>The publish rules as a plain function: no database, no clock but the one passed in.</summary>
public sealed class StatusRulesTests
{
    private static readonly DateTime Now = new(2026, 12, 3, 10, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Detected = Now.AddHours(-1);

    private static PublishStatusUpdate Valid() => new()
    {
        Stage = StatusStage.Identified, Impact = StatusImpact.Major, Title = "  Checkout errors  ", Body = "Cause found.\r\nFix rolling out.",
        NextUpdateBy = Now.AddMinutes(30),
    };

    [Fact]
    public void A_valid_update_is_trimmed_and_takes_now_as_its_time()
    {
        var update = StatusRules.Check(Valid(), StatusStage.Investigating, Detected, Now);
        Assert.Equal("Checkout errors", update.Title);
        Assert.Equal("Cause found.\nFix rolling out.", update.Body);
        Assert.Equal(Now, update.EffectiveAt);
        Assert.False(update.MovingBack);
    }

    [Fact]
    public void Resolved_promises_no_next_update()
    {
        var command = Valid();
        command.Stage = StatusStage.Resolved;
        Assert.Null(StatusRules.Check(command, StatusStage.Monitoring, Detected, Now).NextUpdateBy);
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var command = new PublishStatusUpdate
        {
            Stage = StatusStage.Identified, Title = " ", Body = "", EffectiveAt = Now.AddHours(1), NextUpdateBy = Now.AddMinutes(-1),
            Components = [new ComponentChoice(1, ComponentStatus.PartialOutage), new ComponentChoice(1, ComponentStatus.PartialOutage)],
        };
        var errors = Assert.Throws<ValidationFailedException>(() => StatusRules.Check(command, null, Detected, Now)).Errors;
        Assert.Contains("Give the update a public title.", errors);
        Assert.Contains("Write the message.", errors);
        Assert.Contains("The update cannot speak for a time in the future.", errors);
        Assert.Contains("The next update time must be in the future.", errors);
        Assert.Contains("A component is listed twice.", errors);
    }

    [Fact]
    public void Moving_the_public_stage_back_needs_the_choice_and_a_reason()
    {
        var command = Valid();
        command.Stage = StatusStage.Investigating;
        Assert.Contains("needs the explicit choice", Assert.Throws<ValidationFailedException>(() => StatusRules.Check(command, StatusStage.Monitoring, Detected, Now)).Message);

        command.MoveBack = true;
        Assert.Equal("Say why the public stage moves back.", Assert.Throws<ValidationFailedException>(() => StatusRules.Check(command, StatusStage.Monitoring, Detected, Now)).Message);

        command.MoveBackReason = " The fix did not hold. ";
        var update = StatusRules.Check(command, StatusStage.Monitoring, Detected, Now);
        Assert.True(update.MovingBack);
        Assert.Equal("The fix did not hold.", update.MoveBackReason);
    }

    [Fact]
    public void An_update_cannot_be_backdated_before_detection_beyond_the_clock_skew()
    {
        var command = Valid();
        command.EffectiveAt = Detected - ClockSkew.Allowed - TimeSpan.FromSeconds(1);
        Assert.Throws<ValidationFailedException>(() => StatusRules.Check(command, null, Detected, Now));
        command.EffectiveAt = Detected - ClockSkew.Allowed;
        Assert.Equal(command.EffectiveAt, StatusRules.Check(command, null, Detected, Now).EffectiveAt);
    }
}
