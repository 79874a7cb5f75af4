using IncidentCenter.Shared;

namespace IncidentCenter.StatusPage;

/// <summary>A status update as it will be saved: trimmed, with the stage rules applied.</summary>
public sealed record CheckedStatusUpdate(
    string Title, string Body, DateTime EffectiveAt, DateTime? NextUpdateBy, string? MoveBackReason, bool MovingBack, IReadOnlyList<ComponentChoice> Components);

/// <summary>
/// What makes a status update publishable, checked before anything is read or written beyond the
/// current public stage. A plain function of its inputs, so tests call it directly.
/// </summary>
public static class StatusRules
{
    public const int ReasonMaxLength = 1000;

    /// <summary>The update to save, or every reason it cannot be published (<see cref="ValidationFailedException"/>).</summary>
    /// <param name="publicStage">The public incident's stage now; null when nothing is published yet.</param>
    public static CheckedStatusUpdate Check(PublishStatusUpdate command, StatusStage? publicStage, DateTime detectedAt, DateTime now)
    {
        var title = (command.Title ?? "").Trim();
        var body = (command.Body ?? "").Replace("\r\n", "\n").Trim();
        var effectiveAt = command.EffectiveAt ?? now;
        var nextUpdateBy = command.Stage == StatusStage.Resolved ? null : command.NextUpdateBy;
        var reason = command.MoveBackReason?.Trim();
        var movingBack = StatusStages.IsBackward(publicStage, command.Stage);
        var choices = command.Components ?? [];
        var errors = new List<string>();
        if (!Enum.IsDefined(command.Stage))
        {
            errors.Add("Choose a stage.");
        }
        if (!Enum.IsDefined(command.Impact))
        {
            errors.Add("Choose an impact.");
        }
        if (title.Length == 0)
        {
            errors.Add("Give the update a public title.");
        }
        else if (title.Length > PublicIncident.TitleMaxLength)
        {
            errors.Add($"The public title can be at most {PublicIncident.TitleMaxLength} characters.");
        }
        if (body.Length == 0)
        {
            errors.Add("Write the message.");
        }
        else if (body.Length > StatusUpdate.BodyMaxLength)
        {
            errors.Add($"The message can be at most {StatusUpdate.BodyMaxLength:N0} characters.");
        }
        if (effectiveAt > now + ClockSkew.Allowed)
        {
            errors.Add("The update cannot speak for a time in the future.");
        }
        else if (effectiveAt < detectedAt - ClockSkew.Allowed)
        {
            errors.Add("The update cannot be backdated to before the incident was detected.");
        }
        if (nextUpdateBy is { } next && next <= now)
        {
            errors.Add("The next update time must be in the future.");
        }
        if (movingBack && !command.MoveBack)
        {
            errors.Add($"The public stage is {publicStage}; moving it back to {command.Stage} needs the explicit choice \"move the public stage back\" and a reason.");
        }
        else if (movingBack && string.IsNullOrEmpty(reason))
        {
            errors.Add("Say why the public stage moves back.");
        }
        else if (reason is { Length: > ReasonMaxLength })
        {
            errors.Add($"The reason can be at most {ReasonMaxLength} characters.");
        }
        if (choices.Select(c => c.ServiceId).Distinct().Count() != choices.Count)
        {
            errors.Add("A component is listed twice.");
        }
        if (choices.Any(c => !Enum.IsDefined(c.Status)))
        {
            errors.Add("Choose a status for every affected component.");
        }
        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }
        return new CheckedStatusUpdate(title, body, effectiveAt, nextUpdateBy, reason, movingBack, choices);
    }
}
