using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;

namespace IncidentCenter.Audit;

/// <summary>
/// One line of the audit log: who did what, when, from where. Rows are only ever inserted: the app
/// has no code path that updates or deletes them, and triggers in the database refuse both.
/// </summary>
[Index(nameof(At))]
[Index(nameof(Action), nameof(At))]
public class AuditEntry
{
    public const int SummaryMaxLength = 1000;

    public long Id { get; set; }
    public DateTime At { get; set; }

    /// <summary>Null for anonymous events such as a failed sign-in for an unknown email.</summary>
    [MaxLength(450)]
    public string? ActorId { get; set; }

    [MaxLength(256)]
    public string ActorName { get; set; } = "";

    /// <summary>Dotted name, area first: "user.role", "token.revoke", "signin.failed" (see <see cref="AuditActions"/>).</summary>
    [MaxLength(64)]
    public string Action { get; set; } = "";

    /// <summary>What changed, in a line: the object and its before → after. Never secrets or content.</summary>
    [MaxLength(SummaryMaxLength)]
    public string Summary { get; set; } = "";

    /// <summary>The client's address as the app saw it after the trusted proxy's forwarded headers.</summary>
    [MaxLength(64)]
    public string? ClientAddress { get; set; }
}

public static class AuditActions
{
    public const string SignInSucceeded = "signin.succeeded";
    public const string SignInFailed = "signin.failed";
    public const string SignInLockedOut = "signin.locked_out";

    /// <summary>The areas the page filters on, with the label shown.</summary>
    public static readonly IReadOnlyList<(string Prefix, string Label)> Areas =
    [
        ("signin.", "Sign-ins"),
        ("user.", "Users and roles"),
        ("token.", "API tokens"),
        ("webhook.", "Webhooks"),
        ("template.", "Templates"),
        ("policy.", "Response policy"),
        ("component.", "Status page components"),
        ("timeline.", "Timeline purges"),
        ("setup.", "First run"),
    ];
}
