using IncidentCenter.E2E.Support;

namespace IncidentCenter.E2E;

/// <summary>The admin and knowledge pages on a phone: every one fits 390 px without scrolling sideways.</summary>
[Collection(AppCollection.Name)]
public sealed class AdminPagesTests(SharedApp app)
{
    [Theory]
    [InlineData("/admin/users", "Users")]
    [InlineData("/services", "Services")]
    [InlineData("/status-page/components", "Status page components")]
    [InlineData("/status-page/templates", "Status update templates")]
    [InlineData("/settings/response", "Response settings")]
    [InlineData("/runbooks", "Runbooks")]
    [InlineData("/runbooks/new", "New runbook")]
    [InlineData("/admin/checklists", "Checklist templates")]
    [InlineData("/postmortems/templates", "Post-mortem templates")]
    [InlineData("/admin/audit", "Audit log")]
    public async Task The_page_fits_a_phone(string path, string heading)
    {
        await using var phone = await app.NewContextAsync(app.Admin, new() { Width = 390, Height = 844 });
        var page = await phone.NewPageAsync();
        await page.GotoAsync(path);
        // .First: a Markdown preview (post-mortem templates) has headings of its own.
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 }).First).ToHaveTextAsync(heading);
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await Screenshots.SaveAsync(page, "phone" + path.Replace('/', '-'));
        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
        Assert.True(widths[0] <= widths[1], $"{path} is {widths[0]} px wide in a {widths[1]} px window.");
    }
}
