namespace IncidentCenter.E2E.Support;

public static class Chromium
{
    /// <summary>
    /// The system's Chromium (Debian package), or PLAYWRIGHT_CHROMIUM_PATH; `playwright install`
    /// is never needed.
    /// </summary>
    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) =>
        playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Environment.GetEnvironmentVariable("PLAYWRIGHT_CHROMIUM_PATH") is { Length: > 0 } path ? path : "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
}
