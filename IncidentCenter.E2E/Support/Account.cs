namespace IncidentCenter.E2E.Support;

public sealed record Account(string Name, string Email, string Password, string Role)
{
    /// <summary>A new account with a unique email, so tests sharing an app do not collide.</summary>
    public static Account Create(string name, string role) =>
        new(name, $"{name.ToLowerInvariant().Replace(' ', '.')}.{Unique.Id()}@example.test", "long-enough-password-1", role);
}

public static class Unique
{
    private static int _next;

    public static string Id() => Interlocked.Increment(ref _next).ToString("D3", System.Globalization.CultureInfo.InvariantCulture);
}
