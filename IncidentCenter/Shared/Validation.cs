using System.ComponentModel.DataAnnotations;

namespace IncidentCenter.Shared;

public static class Validation
{
    /// <summary>Runs the DataAnnotations a form also shows, so a caller that skips the form is held to them.</summary>
    public static void Ensure(object model, params string?[] extraErrors)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(model, new ValidationContext(model), results, validateAllProperties: true);
        var errors = results.Select(r => r.ErrorMessage ?? "Invalid value.")
            .Concat(extraErrors.Where(e => e is not null).Select(e => e!))
            .ToList();
        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }
    }
}
