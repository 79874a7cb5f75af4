namespace IncidentCenter.E2E.Support;

/// <summary>Full-page screenshots into the folder named by E2E_SCREENSHOTS; nothing when it is unset.</summary>
public static class Screenshots
{
    public static async Task SaveAsync(IPage page, string name)
    {
        if (Environment.GetEnvironmentVariable("E2E_SCREENSHOTS") is not { Length: > 0 } folder)
        {
            return;
        }
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, name + ".png"), FullPage = true });
    }
}
