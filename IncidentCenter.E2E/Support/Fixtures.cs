namespace IncidentCenter.E2E.Support;

/// <summary>One app process and one Chromium per test collection; tests open their own contexts.</summary>
public abstract class E2EApp(Account? bootstrapAdmin, IReadOnlyDictionary<string, string>? environment = null) : IAsyncLifetime
{
    private readonly Dictionary<string, string> _signedInStates = [];
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public AppServer Server { get; } = new(bootstrapAdmin, environment);

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync()
    {
        // The app and the browser share two cores with the rest of the test run.
        SetDefaultExpectTimeout(15_000);
        try
        {
            await Server.StartAsync();
            _playwright = await Playwright.CreateAsync();
            _browser = await Chromium.LaunchAsync(_playwright);
            await SeedAsync();
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }
        _playwright?.Dispose();
        await Server.DisposeAsync();
    }

    /// <summary>A fresh browser context (own cookies and storage), signed in as the account if given.</summary>
    /// <remarks>
    /// <paramref name="dark"/>: the device prefers a dark colour scheme (the public page follows it) and
    /// the person chose the dark theme in the app (the ic-theme cookie).
    /// </remarks>
    public async Task<IBrowserContext> NewContextAsync(Account? signedInAs = null, ViewportSize? viewport = null, bool dark = false)
    {
        var options = new BrowserNewContextOptions
        {
            BaseURL = Server.BaseUrl,
            Locale = "en-US",
            TimezoneId = "UTC",
            ViewportSize = viewport ?? new() { Width = 1280, Height = 900 },
        };
        if (signedInAs is not null)
        {
            options.StorageState = await SignedInStateAsync(signedInAs);
        }
        if (dark)
        {
            options.ColorScheme = ColorScheme.Dark;
        }
        var context = await Browser.NewContextAsync(options);
        context.SetDefaultTimeout(30_000);
        if (dark)
        {
            await context.AddCookiesAsync([new() { Name = "ic-theme", Value = "dark", Url = Server.BaseUrl }]);
        }
        return context;
    }

    protected virtual Task SeedAsync() => Task.CompletedTask;

    /// <summary>Signs in through the login form once per account, then reuses the cookie.</summary>
    private async Task<string> SignedInStateAsync(Account account)
    {
        if (_signedInStates.TryGetValue(account.Email, out var state))
        {
            return state;
        }
        await using var context = await NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SignInAsync(account);
        state = await context.StorageStateAsync();
        _signedInStates[account.Email] = state;
        return state;
    }
}

/// <summary>An app with a bootstrap Admin, who adds a Responder and a Viewer through the Users page.</summary>
/// <remarks>Webhooks may reach loopback here: the tests' receivers listen on 127.0.0.1.</remarks>
public sealed class SharedApp() : E2EApp(AdminAccount, new Dictionary<string, string> { ["Webhooks__AllowedAddresses"] = "127.0.0.0/8, ::1" })
{
    private static readonly Account AdminAccount = new("Ada Admin", "admin@example.test", "admin-password-123", "Admin");

    public Account Admin => AdminAccount;
    public Account Responder { get; } = Account.Create("Rita Responder", "Responder");
    public Account Viewer { get; } = Account.Create("Victor Viewer", "Viewer");

    protected override async Task SeedAsync()
    {
        await using var context = await NewContextAsync(Admin);
        var page = await context.NewPageAsync();
        await page.AddUserAsync(Responder);
        await page.AddUserAsync(Viewer);
    }
}

/// <summary>An app on an empty database with no bootstrap Admin: the first-run state.</summary>
public sealed class EmptyApp() : E2EApp(bootstrapAdmin: null);

[CollectionDefinition(Name)]
public sealed class AppCollection : ICollectionFixture<SharedApp>
{
    public const string Name = "App";
}

/// <summary>Its own app, since its test kills and restarts the server.</summary>
[CollectionDefinition(Name)]
public sealed class RestartCollection : ICollectionFixture<SharedApp>
{
    public const string Name = "Restart";
}

[CollectionDefinition(Name)]
public sealed class FirstRunCollection : ICollectionFixture<EmptyApp>
{
    public const string Name = "First run";
}

/// <summary>An app whose sessions revalidate every second, so a sign-out elsewhere shows within the test's patience.</summary>
public sealed class AccountsApp() : E2EApp(AdminAccount, new Dictionary<string, string> { ["Accounts__SessionRevalidationInterval"] = "00:00:01" })
{
    private static readonly Account AdminAccount = new("Ada Admin", "admin@example.test", "admin-password-123", "Admin");

    public Account Admin => AdminAccount;
}

[CollectionDefinition(Name)]
public sealed class AccountsCollection : ICollectionFixture<AccountsApp>
{
    public const string Name = "Accounts";
}
