using IncidentCenter.E2E.Support;
using IncidentCenter.Tests.Support;

namespace IncidentCenter.E2E;

[Collection(AccountsCollection.Name)]
public sealed class AccountSecurityTests(AccountsApp app)
{
    private async Task<Account> NewResponderAsync(string name)
    {
        var account = Account.Create(name, "Responder");
        await using var admin = await app.NewContextAsync(app.Admin);
        await (await admin.NewPageAsync()).AddUserAsync(account);
        return account;
    }

    [Fact]
    public async Task Sign_out_everywhere_signs_out_an_open_page_in_another_browser()
    {
        var sam = await NewResponderAsync("Sam Session");
        await using var laptop = await app.NewContextAsync();
        await using var stolen = await app.NewContextAsync();
        var laptopPage = await laptop.NewPageAsync();
        var stolenPage = await stolen.NewPageAsync();
        await laptopPage.SignInAsync(sam);
        await stolenPage.SignInAsync(sam);
        await stolenPage.GotoAsync("/incidents/declare");
        await Expect(stolenPage.GetByLabel("Title", new() { Exact = true })).ToBeVisibleAsync();

        await laptopPage.GotoAsync("/account");
        await laptopPage.GetByRole(AriaRole.Button, new() { Name = "Sign out everywhere" }).ClickAsync();
        await Expect(laptopPage.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();

        // The other browser's open page is signed out without anyone touching it.
        await Expect(stolenPage.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await stolenPage.GotoAsync("/incidents/declare");
        await Expect(stolenPage).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/login"));
    }

    [Fact]
    public async Task Enrol_in_two_factor_then_sign_in_with_a_code_and_with_a_recovery_code_once()
    {
        var tess = await NewResponderAsync("Tess Totp");
        await using var context = await app.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SignInAsync(tess);

        // The account page is in the user menu under the person's name.
        await page.GetByRole(AriaRole.Button, new() { Name = tess.Name }).ClickAsync();
        await page.GetByText("Account and two-factor").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Img, new() { Name = "QR code for your authenticator app" })).ToBeVisibleAsync();
        var key = (await page.GetByLabel("Authenticator key").TextContentAsync())!.Replace(" ", "", StringComparison.Ordinal);
        await page.GetByLabel("Code from the app").FillAsync(Totp.Code(key, DateTimeOffset.UtcNow));
        await page.GetByRole(AriaRole.Button, new() { Name = "Turn on two-factor sign-in" }).ClickAsync();
        var codes = await page.GetByRole(AriaRole.List, new() { Name = "Recovery codes" }).GetByRole(AriaRole.Listitem).AllTextContentsAsync();
        Assert.Equal(10, codes.Count);

        async Task SignOutThenPasswordAsync()
        {
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign out", Exact = true }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
            await page.GetByLabel("Email", new() { Exact = true }).FillAsync(tess.Email);
            await page.GetByLabel("Password", new() { Exact = true }).FillAsync(tess.Password);
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Two-factor sign-in" })).ToBeVisibleAsync();
        }

        await SignOutThenPasswordAsync();
        await page.GetByLabel("Code from your authenticator app").FillAsync(Totp.Code(key, DateTimeOffset.UtcNow));
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign out", Exact = true })).ToBeVisibleAsync();

        await SignOutThenPasswordAsync();
        await page.GetByLabel("Recovery code").FillAsync(codes[0].Trim());
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in with a recovery code" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign out", Exact = true })).ToBeVisibleAsync();

        // The same recovery code does not work twice.
        await SignOutThenPasswordAsync();
        await page.GetByLabel("Recovery code").FillAsync(codes[0].Trim());
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in with a recovery code" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("That code is not right. After several wrong attempts, sign-in pauses for a few minutes.");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign out", Exact = true })).ToHaveCountAsync(0);
    }
}
