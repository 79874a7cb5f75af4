namespace IncidentCenter.Shared;

/// <summary>A mistake or refusal the user can act on; pages show its message instead of an error page.</summary>
public abstract class UserFacingException(string message) : Exception(message);

public sealed class ValidationFailedException(IReadOnlyList<string> errors)
    : UserFacingException(string.Join(" ", errors))
{
    public IReadOnlyList<string> Errors { get; } = errors;

    public ValidationFailedException(string error) : this([error]) { }
}

public sealed class ForbiddenException(string message) : UserFacingException(message);

public sealed class NotFoundException(string message) : UserFacingException(message);

/// <summary>Someone else changed the same thing first; the caller keeps their input and reloads.</summary>
public sealed class ConcurrencyConflictException(string message) : UserFacingException(message);
