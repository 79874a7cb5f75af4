// Save-to-visible latency of a timeline entry: one responder page adds entries while N other
// pages show the same incident; each page records when the entry appeared in its DOM.
// Usage: dotnet run -c Release --project bench/IncidentCenter.LiveBench -- <app dll> [viewers=20] [entries=30]
// With a fourth argument, the scribe burst (bench/scribe-burst.sh): the entries are pasted and sent
// with Ctrl+Enter that many ms apart, without waiting for anything; then it reports how many were
// saved, whether in order, and save-to-visible in the other pages, beside the same entries sent
// one at a time (each waited for) as the baseline.
// Usage: ... -- <app dll> <viewers> <entries> <interval ms>
// With BENCH_COUNT_QUERIES=1, the app logs EF's executed commands (Microsoft.EntityFrameworkCore.Database.Command
// at Information) and the bench counts them per timeline entry: from just before the click until every
// page shows the entry and 300 ms more have passed, divided by the open pages (the writer's included).
using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using System.Net;
using System.Net.Sockets;
using Microsoft.Playwright;

var appDll = Path.GetFullPath(args.ElementAtOrDefault(0) ?? throw new ArgumentException("Pass the path of the built IncidentCenter.dll."));
var viewers = int.Parse(args.ElementAtOrDefault(1) ?? "20");
var entries = int.Parse(args.ElementAtOrDefault(2) ?? "30");
int? burstInterval = args.ElementAtOrDefault(3) is { } ms ? int.Parse(ms, CultureInfo.InvariantCulture) : null;
const string email = "bench-admin@example.test";
const string password = "bench-password-123";

var dataDir = Directory.CreateTempSubdirectory("ic-livebench-");
var port = FreePort();
var baseUrl = $"http://127.0.0.1:{port}";
// The plain baseline (bench/IncidentCenter.LiveBaseline) has no sign-in and no incidents: its one page is the timeline.
var baseline = Path.GetFileName(appDll) == "IncidentCenter.LiveBaseline.dll";
var countQueries = Environment.GetEnvironmentVariable("BENCH_COUNT_QUERIES") == "1";
long executedCommands = 0;
var app = StartApp();
try
{
    await WaitReadyAsync();
    using var playwright = await Playwright.CreateAsync();
    await using var browser = await playwright.Chromium.LaunchAsync(new()
    {
        ExecutablePath = Environment.GetEnvironmentVariable("PLAYWRIGHT_CHROMIUM_PATH") ?? "/usr/bin/chromium",
        Headless = true,
        Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    });
    var context = await browser.NewContextAsync(new() { BaseURL = baseUrl });
    var writer = await context.NewPageAsync();
    string incidentUrl;
    if (baseline)
    {
        await writer.GotoAsync("/");
        incidentUrl = writer.Url;
    }
    else
    {
        await writer.GotoAsync("/account/login");
        await writer.GetByLabel("Email").FillAsync(email);
        await writer.GetByLabel("Password").FillAsync(password);
        await writer.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await writer.WaitForURLAsync($"{baseUrl}/");

        await writer.GotoAsync("/incidents/declare");
        await writer.GetByLabel("Title").FillAsync("Latency benchmark incident");
        await writer.GetByRole(AriaRole.Button, new() { Name = "Declare incident" }).ClickAsync();
        await writer.WaitForURLAsync("**/incidents/INC-*");
        incidentUrl = writer.Url;
    }

    // Other viewers: separate pages (one Blazor circuit each) sharing the sign-in cookie.
    var pages = new List<IPage>();
    for (var i = 0; i < viewers; i++)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync(incidentUrl);
        await page.GetByRole(AriaRole.List, new() { Name = "Timeline" }).WaitForAsync();
        await page.EvaluateAsync(Observer);
        pages.Add(page);
    }
    // Let every circuit finish connecting before measuring.
    foreach (var page in pages)
    {
        await page.WaitForFunctionAsync("() => window.Blazor !== undefined");
    }

    await writer.EvaluateAsync(Observer);
    if (burstInterval is { } interval)
    {
        await ScribeBurstAsync(writer, pages, interval);
        return;
    }
    await writer.EvaluateAsync("() => document.addEventListener('click', () => { window.__clickAt = performance.timeOrigin + performance.now(); }, true)");
    var writerLatencies = new List<double>();
    var latencies = new List<double>();
    var commandsPerEntry = new List<long>();
    var textbox = writer.GetByLabel("New timeline entry (Markdown)");
    const int warmUp = 3;
    for (var n = -warmUp; n < entries; n++)
    {
        var marker = $"bench-entry-{n}-{Guid.NewGuid():N}";
        await textbox.FillAsync(marker);
        var commandsBefore = Interlocked.Read(ref executedCommands);
        await writer.GetByRole(AriaRole.Button, new() { Name = "Add to timeline" }).ClickAsync();
        // "Saved" is the moment the click reached the page, recorded by the page itself: what
        // Playwright does around a click (actionability checks, waiting after it) is not counted.
        var savedAt = await writer.EvaluateAsync<double>("() => window.__clickAt");
        var own = await writer.WaitForFunctionAsync("marker => window.__seen[marker]", marker, new() { Timeout = 10_000, PollingInterval = 5 });
        writerLatencies.Add(await own.JsonValueAsync<double>() - savedAt);
        if (Environment.GetEnvironmentVariable("BENCH_VERBOSE") == "1") Console.WriteLine($"writer {writerLatencies[^1]:F0} ms");
        foreach (var page in pages)
        {
            var handle = await page.WaitForFunctionAsync("marker => window.__seen[marker]", marker, new() { Timeout = 10_000, PollingInterval = 5 });
            var seenAt = await handle.JsonValueAsync<double>();
            if (Environment.GetEnvironmentVariable("BENCH_VERBOSE") == "1") Console.WriteLine($"  viewer {seenAt - savedAt:F0} ms");
            if (n >= 0)
            {
                latencies.Add(seenAt - savedAt);
            }
        }
        if (countQueries && n >= 0)
        {
            await Task.Delay(300);
            commandsPerEntry.Add(Interlocked.Read(ref executedCommands) - commandsBefore);
        }
    }

    latencies.Sort();
    double Pct(double p) => latencies[Math.Min(latencies.Count - 1, (int)Math.Ceiling(p / 100 * latencies.Count) - 1)];
    Console.WriteLine($"Save-to-visible latency of a timeline entry, {viewers} other open incident pages, {entries} entries after {warmUp} warm-up ones ({latencies.Count} observations), {Environment.ProcessorCount} cores");
    Console.WriteLine($"| median | p95 | max | target p95 |");
    Console.WriteLine($"|---|---|---|---|");
    Console.WriteLine($"| {Pct(50):F0} ms | {Pct(95):F0} ms | {latencies[^1]:F0} ms | < 100 ms: {(Pct(95) < 100 ? "PASS" : "FAIL")} |");
    if (countQueries)
    {
        commandsPerEntry.Sort();
        var open = viewers + 1;
        Console.WriteLine($"EF commands per timeline entry ({commandsPerEntry.Count} entries, {open} open incident pages incl. the writer's; the save itself included):");
        Console.WriteLine($"  total per entry: median {commandsPerEntry[commandsPerEntry.Count / 2]}, min {commandsPerEntry[0]}, max {commandsPerEntry[^1]}; per open page: median {(double)commandsPerEntry[commandsPerEntry.Count / 2] / open:F1}");
    }
}
finally
{
    app.Kill(entireProcessTree: true);
    await app.WaitForExitAsync();
    dataDir.Delete(recursive: true);
}

Process StartApp()
{
    var start = new ProcessStartInfo("dotnet", [appDll, "--urls", baseUrl, "--contentRoot", Path.GetDirectoryName(appDll)!])
    {
        RedirectStandardOutput = true,
        RedirectStandardError = true,
    };
    start.Environment["Database__Path"] = Path.Combine(dataDir.FullName, "bench.db");
    start.Environment["Bootstrap__AdminEmail"] = email;
    start.Environment["Bootstrap__AdminPassword"] = password;
    start.Environment["Bootstrap__AdminName"] = "Bench Admin";
    start.Environment["Logging__LogLevel__Default"] = Environment.GetEnvironmentVariable("BENCH_APP_LOGLEVEL") ?? "Warning";
    start.Environment["Logging__Console__TimestampFormat"] = "HH:mm:ss.fff ";
    if (countQueries)
    {
        start.Environment["Logging__LogLevel__Microsoft.EntityFrameworkCore.Database.Command"] = "Information";
    }
    var process = Process.Start(start)!;
    process.OutputDataReceived += (_, e) => { if (e.Data is not null && e.Data.Contains("Microsoft.EntityFrameworkCore.Database.Command[20101]", StringComparison.Ordinal)) Interlocked.Increment(ref executedCommands); };
    process.OutputDataReceived += (_, e) => { if (e.Data is not null && Environment.GetEnvironmentVariable("BENCH_APP_LOGLEVEL") is not null) Console.Error.WriteLine(e.Data); };
    process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine(e.Data); };
    process.BeginOutputReadLine();
    process.BeginErrorReadLine();
    return process;
}

async Task WaitReadyAsync()
{
    using var http = new HttpClient();
    var deadline = DateTime.UtcNow.AddSeconds(60);
    while (DateTime.UtcNow < deadline)
    {
        try
        {
            if ((await http.GetAsync($"{baseUrl}/health/ready")).StatusCode == HttpStatusCode.OK)
            {
                return;
            }
        }
        catch (HttpRequestException)
        {
            // not listening yet
        }
        await Task.Delay(200);
    }
    throw new TimeoutException("The app did not become ready within 60 s.");
}

// Phase 1 (baseline): the entries one at a time, each waited for in every page before the next.
// Phase 2: the burst. "Saved" is the entry's RecordedAt in the database (the app's clock, the
// same machine as the browser's); "visible" is when each other page's DOM showed it.
async Task ScribeBurstAsync(IPage writer, List<IPage> others, int interval)
{
    var textbox = writer.GetByLabel("New timeline entry (Markdown)");
    var run = Guid.NewGuid().ToString("N")[..8];

    var baseline = Enumerable.Range(0, entries).Select(n => $"bench-entry-a{n:D3}-{run}").ToList();
    foreach (var marker in baseline)
    {
        await textbox.FillAsync(marker);
        await textbox.PressAsync("Control+Enter");
        foreach (var page in others)
        {
            await page.WaitForFunctionAsync("m => window.__seen[m]", marker, new() { Timeout = 10_000, PollingInterval = 5 });
        }
    }
    Report($"one at a time (baseline), {entries} entries", baseline, await SeenAsync(others, baseline, TimeSpan.FromSeconds(10)));

    var burst = Enumerable.Range(0, entries).Select(n => $"bench-entry-b{n:D3}-{run}").ToList();
    var clock = Stopwatch.StartNew();
    foreach (var marker in burst)
    {
        await textbox.FillAsync(marker);
        await textbox.PressAsync("Control+Enter");
        await Task.Delay(interval);
    }
    var sendingTook = clock.Elapsed;
    Report($"burst, {entries} entries {interval} ms apart (sending took {sendingTook.TotalSeconds:F1} s)", burst, await SeenAsync(others, burst, TimeSpan.FromSeconds(60)));
}

async Task<List<Dictionary<string, double>>> SeenAsync(List<IPage> others, List<string> markers, TimeSpan wait)
{
    var seen = new List<Dictionary<string, double>>();
    foreach (var page in others)
    {
        try
        {
            await page.WaitForFunctionAsync("ms => ms.every(m => window.__seen[m])", markers, new() { Timeout = (float)wait.TotalMilliseconds, PollingInterval = 50 });
        }
        catch (TimeoutException)
        {
            // Reported below as not seen.
        }
        seen.Add(await page.EvaluateAsync<Dictionary<string, double>>("ms => Object.fromEntries(ms.filter(m => window.__seen[m]).map(m => [m, window.__seen[m]]))", markers));
    }
    return seen;
}

void Report(string title, List<string> sent, List<Dictionary<string, double>> seen)
{
    var saved = SavedEntries(sent);
    var savedTexts = saved.Select(s => s.Text).ToList();
    var inOrder = savedTexts.SequenceEqual(sent.Where(savedTexts.Contains));
    var latencies = seen.SelectMany(page => saved.Where(s => page.ContainsKey(s.Text)).Select(s => page[s.Text] - s.RecordedAtMs)).Order().ToList();
    var missing = seen.Sum(page => saved.Count(s => !page.ContainsKey(s.Text)));
    double Pct(double p) => latencies.Count == 0 ? double.NaN : latencies[Math.Min(latencies.Count - 1, (int)Math.Ceiling(p / 100 * latencies.Count) - 1)];
    Console.WriteLine($"{title}, {seen.Count} other open pages, {Environment.ProcessorCount} cores");
    Console.WriteLine($"  saved {saved.Count} of {sent.Count}; duplicates {saved.Count - savedTexts.Distinct().Count()}; in the order sent: {(inOrder ? "yes" : "NO")}");
    Console.WriteLine($"  save-to-visible in the other pages ({latencies.Count} observations, {missing} not seen): median {Pct(50):F0} ms, p95 {Pct(95):F0} ms, max {(latencies.Count > 0 ? latencies[^1] : double.NaN):F0} ms");
}

List<(string Text, double RecordedAtMs)> SavedEntries(List<string> sent)
{
    using var db = new SqliteConnection($"Data Source={Path.Combine(dataDir.FullName, "bench.db")};Mode=ReadOnly");
    db.Open();
    using var query = db.CreateCommand();
    query.CommandText = "SELECT Text, RecordedAt FROM TimelineEntries WHERE Text LIKE $prefix ORDER BY Id";
    query.Parameters.AddWithValue("$prefix", sent[0][..14] + "%");
    using var reader = query.ExecuteReader();
    var rows = new List<(string, double)>();
    while (reader.Read())
    {
        var recordedAt = DateTime.Parse(reader.GetString(1), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
        rows.Add((reader.GetString(0).Trim(), (recordedAt - DateTime.UnixEpoch).TotalMilliseconds));
    }
    return rows;
}

static int FreePort()
{
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}

public partial class Program
{
    // Records, in each page, the moment an entry's text first appears in the timeline.
    private const string Observer = """
        () => {
          window.__seen = {};
          const list = document.querySelector('ol.timeline');
          new MutationObserver(() => {
            const now = performance.timeOrigin + performance.now();
            for (const p of list.querySelectorAll('.markdown')) {
              const t = p.textContent.trim();
              if (t.startsWith('bench-entry-') && !window.__seen[t]) window.__seen[t] = now;
            }
          }).observe(document.body, { childList: true, subtree: true, characterData: true });
        }
        """;
}
