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

    /// <summary>
    /// The first DataAnnotations message for one property of <paramref name="model"/>, or null: the field-level
    /// message a form shows under that field (the same rules <see cref="Ensure"/> holds the service to).
    /// </summary>
    public static string? ErrorFor(object model, string property)
    {
        var value = (model.GetType().GetProperty(property) ?? throw new ArgumentException($"No property {property}.", nameof(property)))
            .GetValue(model);
        var results = new List<ValidationResult>();
        Validator.TryValidateProperty(value, new ValidationContext(model) { MemberName = property }, results);
        return results.FirstOrDefault()?.ErrorMessage;
    }
}
