using System.Net;
using IncidentCenter.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace IncidentCenter.Tests.Web;

/// <summary>The app on Kestrel behind a real nginx on loopback, with clients connecting from different loopback addresses.</summary>
public class ReverseProxyTests
{
    private const int Limit = 2;

    private sealed class KestrelApp : AppFactory
    {
        private readonly string? _knownProxies;

        public KestrelApp(string? knownProxies) : base(bootstrapAdmin: true, signInAttemptsPerMinute: Limit)
        {
            _knownProxies = knownProxies;
            UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("App:PublicUrl", "https://" + NginxProxy.PublicHost);
            builder.UseSetting("Proxy:KnownProxies", _knownProxies ?? "");
        }

        private Uri? _address;

        /// <summary>Starts Kestrel on a free loopback port the first time.</summary>
        public Uri Address
        {
            get
            {
                if (_address is null)
                {
                    StartServer();
                    _address = new Uri(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
                }
                return _address;
            }
        }

        public async Task<List<(string Action, string? Address)>> SignInAuditAsync()
        {
            await using var scope = Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<IncidentCenter.Data.AppDbContext>();
            return (await db.AuditEntries.AsNoTracking().Where(e => e.Action.StartsWith("signin.")).OrderBy(e => e.Id)
                .Select(e => new { e.Action, e.ClientAddress }).ToListAsync()).Select(e => (e.Action, e.ClientAddress)).ToList();
        }
    }

    /// <summary>A person at a browser: opens the sign-in page, then posts a wrong password; cookies carried by hand.</summary>
    private static async Task<HttpStatusCode> WrongPasswordAsync(HttpClient client, string? spoofedForwardedFor = null)
    {
        var get = await client.GetAsync("/account/login");
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        var cookies = string.Join("; ", get.Headers.GetValues("Set-Cookie").Select(c => c[..c.IndexOf(';')]));
        var page = await Browser.ParseAsync(get);
        using var post = new HttpRequestMessage(HttpMethod.Post, "/account/login")
        {
            Content = Browser.FormFrom(page, "login", ("Input.Email", AppFactory.AdminEmail), ("Input.Password", "not-the-password")),
        };
        post.Headers.Add("Cookie", cookies);
        if (spoofedForwardedFor is not null)
        {
            post.Headers.Add("X-Forwarded-For", spoofedForwardedFor);
        }
        var response = await client.SendAsync(post);
        if (response.StatusCode == HttpStatusCode.OK)
        {
            Assert.Contains("Wrong email or password.", await response.Content.ReadAsStringAsync());
        }
        return response.StatusCode;
    }

    [NginxFact]
    public async Task Limiting_one_client_behind_nginx_does_not_refuse_another()
    {
        await using var app = new KestrelApp(knownProxies: "127.0.0.1");
        await using var nginx = await NginxProxy.StartAsync(app.Address);
        using var first = nginx.ClientFrom("127.0.0.2");
        using var second = nginx.ClientFrom("127.0.0.3");

        for (var i = 0; i < Limit; i++)
        {
            // What the client claims is replaced by nginx with the address it really connected from.
            Assert.Equal(HttpStatusCode.OK, await WrongPasswordAsync(first, spoofedForwardedFor: $"10.0.0.{i + 1}"));
        }
        Assert.Equal(HttpStatusCode.TooManyRequests, await WrongPasswordAsync(first));

        Assert.Equal(HttpStatusCode.OK, await WrongPasswordAsync(second));

        // The audit log records each attempt from the real client address, not nginx's and not the spoofed one.
        Assert.Equal(
            [("signin.failed", "127.0.0.2"), ("signin.failed", "127.0.0.2"), ("signin.failed", "127.0.0.3")],
            await app.SignInAuditAsync());

        // Behind nginx the app knows the client used https: HSTS, and Secure cookies.
        var page = await second.GetAsync("/account/login");
        Assert.Equal("max-age=31536000", string.Join(",", page.Headers.GetValues("Strict-Transport-Security")));
        Assert.All(page.Headers.GetValues("Set-Cookie"), c => Assert.Contains("; secure", c, StringComparison.OrdinalIgnoreCase));
    }

    [NginxFact]
    public async Task Forwarded_headers_from_an_address_that_is_not_a_known_proxy_are_ignored()
    {
        await using var app = new KestrelApp(knownProxies: "127.0.0.1");
        using var direct = NginxProxy.Client("127.0.0.4", app.Address.Port);

        for (var i = 0; i < Limit; i++)
        {
            Assert.Equal(HttpStatusCode.OK, await WrongPasswordAsync(direct, spoofedForwardedFor: $"10.0.0.{i + 1}"));
        }
        // A new made-up address per attempt does not buy a new allowance.
        Assert.Equal(HttpStatusCode.TooManyRequests, await WrongPasswordAsync(direct, spoofedForwardedFor: "10.0.0.99"));

        Assert.Equal([("signin.failed", "127.0.0.4"), ("signin.failed", "127.0.0.4")], await app.SignInAuditAsync());
        var page = await direct.GetAsync("/account/login");
        Assert.False(page.Headers.Contains("Strict-Transport-Security"));
    }

    [NginxFact]
    public async Task Without_a_configured_proxy_everyone_behind_nginx_shares_one_limit()
    {
        // The default trusts no proxy: the app sees only nginx's address, which is why Proxy:KnownProxies matters.
        await using var app = new KestrelApp(knownProxies: null);
        await using var nginx = await NginxProxy.StartAsync(app.Address);
        using var first = nginx.ClientFrom("127.0.0.2");
        using var second = nginx.ClientFrom("127.0.0.3");

        for (var i = 0; i < Limit; i++)
        {
            Assert.Equal(HttpStatusCode.OK, await WrongPasswordAsync(first));
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, await WrongPasswordAsync(second));
        Assert.All(await app.SignInAuditAsync(), e => Assert.Equal("127.0.0.1", e.Address));
    }
}
