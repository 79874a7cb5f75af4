namespace IncidentCenter.Accounts;

/// <summary>Account rules an Admin sets; one row (Id 1), absent until first saved.</summary>
public sealed class AccountSettings
{
    public const int SingletonId = 1;

    public int Id { get; set; } = SingletonId;

    /// <summary>Admins and Responders must sign in with a second factor (an authenticator app).</summary>
    public bool RequireTwoFactor { get; set; }

    public DateTime UpdatedAt { get; set; }
    public string UpdatedByName { get; set; } = "";
}
