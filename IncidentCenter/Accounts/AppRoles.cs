namespace IncidentCenter.Accounts;

public static class AppRoles
{
    public const string Admin = "Admin";
    public const string Responder = "Responder";
    public const string Viewer = "Viewer";

    public static readonly IReadOnlyList<string> All = [Admin, Responder, Viewer];

    /// <summary>Roles allowed to declare and run incidents. Admins run incidents too.</summary>
    public const string CanRespond = Admin + "," + Responder;
}
