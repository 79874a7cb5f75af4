namespace IncidentCenter.E2E.Support;

/// <summary>Helpers for the tasks and action-items panels (branch tasks).</summary>
public static partial class Ui
{
    /// <summary>Saves just this part of the page as <paramref name="name"/>.png; nothing when E2E_SCREENSHOTS is unset.</summary>
    public static async Task SavePartAsync(this ILocator part, string name)
    {
        if (Environment.GetEnvironmentVariable("E2E_SCREENSHOTS") is not { Length: > 0 } folder)
        {
            return;
        }
        Directory.CreateDirectory(folder);
        await part.ScreenshotAsync(new() { Path = Path.Combine(folder, name + ".png") });
    }
}
