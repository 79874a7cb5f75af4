using System.Text.RegularExpressions;
using IncidentCenter.E2E.Support;

namespace IncidentCenter.E2E;

/// <summary>The dashboard's filters never drop a search that is still being typed.</summary>
[Collection(AppCollection.Name)]
public sealed class DashboardFilterTests(SharedApp app)
{
    [Fact]
    public async Task A_state_picked_while_a_search_is_half_typed_keeps_the_typed_words_and_Enter_then_searches_both()
    {
        await using var context = await app.NewContextAsync(app.Viewer);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        var search = page.GetByRole(AriaRole.Search, new() { Name = "Filter incidents" }).GetByLabel("Search");
        await search.FillAsync("checkout tim");

        await page.ChooseAsync("State", "Open (not resolved)");
        await Expect(page).ToHaveURLAsync(new Regex("state=open"));
        await Expect(search).ToHaveValueAsync("checkout tim");

        await search.PressAsync("Enter");
        await Expect(page).ToHaveURLAsync(new Regex("state=open.*q=checkout%20tim|q=checkout%20tim.*state=open"));
        await Expect(search).ToHaveValueAsync("checkout tim");
    }
}
