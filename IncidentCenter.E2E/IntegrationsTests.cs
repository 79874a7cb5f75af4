using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using IncidentCenter.E2E.Support;

namespace IncidentCenter.E2E;

[Collection(AppCollection.Name)]
public sealed class IntegrationsTests(SharedApp app)
{
    [Fact]
    public async Task Admin_adds_a_webhook_sends_a_test_and_sees_it_delivered_in_the_log()
    {
        using var receiver = Receiver.Start();
        await using var admin = await app.NewContextAsync(app.Admin);
        var page = await admin.NewPageAsync();
        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Integrations" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Add a webhook" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Integrations" }).GetByRole(AriaRole.Link, new() { Name = "Webhooks" })).ToHaveAttributeAsync("aria-current", "page");

        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Ops room");
        await page.GetByLabel("URL", new() { Exact = true }).FillAsync("not a url");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add webhook" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("absolute http:// or https://");
        // The form keeps what was typed.
        await Expect(page.GetByLabel("Name", new() { Exact = true })).ToHaveValueAsync("Ops room");

        // A private address (here the cloud metadata service) is refused, saying why; the typed URL stays.
        await page.GetByLabel("URL", new() { Exact = true }).FillAsync("http://169.254.169.254/latest/meta-data/");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add webhook" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("169.254.169.254 is a private, loopback or link-local address");
        await Expect(page.GetByLabel("URL", new() { Exact = true })).ToHaveValueAsync("http://169.254.169.254/latest/meta-data/");
        await Expect(page.GetByLabel("Name", new() { Exact = true })).ToHaveValueAsync("Ops room");

        await page.GetByLabel("URL", new() { Exact = true }).FillAsync(receiver.Url);
        await page.GetByLabel("Generic JSON").CheckSettledAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Add webhook" }).ClickAsync();
        var hooks = page.GetByRole(AriaRole.Region, new() { Name = "Webhooks" });
        await Expect(hooks).ToContainTextAsync("Ops room");

        await page.GetByRole(AriaRole.Button, new() { Name = "Send test to Ops room" }).ClickAsync();

        // The worker sends it in the background; the open log updates itself.
        var log = page.GetByRole(AriaRole.Region, new() { Name = "Recent deliveries" });
        await Expect(log.GetByRole(AriaRole.Row).Filter(new() { HasText = "Test message" })).ToContainTextAsync("Succeeded");
        Assert.Contains("\"kind\":\"test\"", Assert.Single(receiver.Bodies));

        // A receiver that is down: the failure is logged with the next retry, and can be retried by hand.
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Broken receiver");
        await page.GetByLabel("URL", new() { Exact = true }).FillAsync("http://127.0.0.1:1/hook");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add webhook" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Send test to Broken receiver" }).ClickAsync();
        var failed = log.GetByRole(AriaRole.Row).Filter(new() { HasText = "Broken receiver" });
        await Expect(failed).ToContainTextAsync("Pending");
        await Expect(failed).ToContainTextAsync("refused");
        await Expect(failed.GetByRole(AriaRole.Button, new() { Name = "Retry now" })).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "webhooks");
        await page.SaveLightAndDarkAsync("admin-webhooks");
    }

    [Fact]
    public async Task Admin_creates_an_API_token_that_works_once_shown_and_stops_working_when_revoked()
    {
        await using var admin = await app.NewContextAsync(app.Admin);
        var page = await admin.NewPageAsync();
        await page.GotoAsync("/settings/api-tokens");
        await page.GetByLabel("Token name").FillAsync("Alertmanager (e2e)");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create token" }).ClickAsync();
        var value = await page.GetByLabel("Token", new() { Exact = true }).InputValueAsync();
        Assert.StartsWith("icat_", value);
        await Screenshots.SaveAsync(page, "api-tokens");

        using var http = new HttpClient { BaseAddress = new Uri(app.Server.BaseUrl) };
        async Task<HttpStatusCode> PostAlertAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/alerts/generic")
            {
                Content = new StringContent("""{ "title": "Queue backlog growing", "severity": "warning", "fingerprint": "e2e-queue", "status": "firing" }""", Encoding.UTF8, "application/json"),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", value);
            return (await http.SendAsync(request)).StatusCode;
        }
        Assert.Equal(HttpStatusCode.OK, await PostAlertAsync());

        await page.GetByRole(AriaRole.Button, new() { Name = "I have copied it" }).ClickAsync();
        await Expect(page.GetByLabel("Token", new() { Exact = true })).ToHaveCountAsync(0);
        // Revoking asks first; keeping it changes nothing.
        await page.GetByRole(AriaRole.Button, new() { Name = "Revoke Alertmanager (e2e)" }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Keep" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);
        Assert.Equal(HttpStatusCode.OK, await PostAlertAsync());
        await page.GetByRole(AriaRole.Button, new() { Name = "Revoke Alertmanager (e2e)" }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Revoke for good" }).ClickAsync();
        await page.ExpectSaidAsync("\"Alertmanager (e2e)\" is revoked");
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "API tokens" })).ToContainTextAsync("Revoked");
        Assert.Equal(HttpStatusCode.Unauthorized, await PostAlertAsync());

        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Link, new() { Name = "Queue backlog growing" }).ClickAsync();
        await Expect(page.GetByText("Opened by alert Queue backlog growing (generic, fingerprint e2e-queue).")).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "alert-incident");
    }

    [Fact]
    public async Task A_responder_has_no_integrations_link_and_is_turned_away_from_the_page()
    {
        await using var responder = await app.NewContextAsync(app.Responder);
        var page = await responder.NewPageAsync();
        await page.GotoAsync("/");
        await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Integrations" })).ToHaveCountAsync(0);

        await page.GotoAsync("/settings/webhooks");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Add a webhook" })).ToHaveCountAsync(0);
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/denied"));
    }

    [Fact]
    public async Task The_integrations_pages_fit_a_phone()
    {
        await using var phone = await app.NewContextAsync(app.Admin, new() { Width = 390, Height = 844 });
        var page = await phone.NewPageAsync();
        await page.GotoAsync("/settings/webhooks");
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Phone hook");
        await page.GetByLabel("URL", new() { Exact = true }).FillAsync("https://hooks.example.test/services/T000/B000/averyveryveryverylongsecretpathsegment");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add webhook" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Webhooks" })).ToContainTextAsync("Phone hook");
        await Screenshots.SaveAsync(page, "phone-webhooks");
        await AssertNoSidewaysScrollAsync(page);

        await page.GotoAsync("/settings/api-tokens");
        await page.GetByLabel("Token name").FillAsync("Phone token");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create token" }).ClickAsync();
        await Expect(page.GetByLabel("Token", new() { Exact = true })).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "phone-api-tokens");
        await AssertNoSidewaysScrollAsync(page);
    }

    private static async Task AssertNoSidewaysScrollAsync(IPage page)
    {
        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
        Assert.True(widths[0] <= widths[1], $"{page.Url} is {widths[0]} px wide in a {widths[1]} px window.");
    }

    /// <summary>A webhook receiver on a loopback port that answers 200 and keeps the bodies.</summary>
    private sealed class Receiver : IDisposable
    {
        private readonly HttpListener _listener = new();

        private Receiver(int port)
        {
            Url = $"http://127.0.0.1:{port}/hook/";
            _listener.Prefixes.Add(Url);
        }

        public string Url { get; }
        public ConcurrentQueue<string> Bodies { get; } = new();

        public static Receiver Start()
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            var receiver = new Receiver(port);
            receiver._listener.Start();
            _ = receiver.LoopAsync();
            return receiver;
        }

        private async Task LoopAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }
                using (var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8))
                {
                    Bodies.Enqueue(await reader.ReadToEndAsync());
                }
                context.Response.StatusCode = 200;
                context.Response.Close();
            }
        }

        public void Dispose() => _listener.Close();
    }
}
