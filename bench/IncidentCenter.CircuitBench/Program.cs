// Three figures of issues 9 and 10, for one or more builds of the app side by side in one run:
//  - first load of the incident page in a fresh browser context (empty cache, signed in): bytes of
//    script and CSS transferred (as sent, i.e. compressed when the server compresses) and the time
//    from navigation to the page being interactive (median of 5 loads);
//  - memory per interactive circuit on the incident page: managed heap after a full collection
//    (dotnet-gcdump, which forces a blocking gen-2 GC) and RSS, before and after N more pages
//    (one circuit each) open the same incident;
//  - resume after a server restart: a person has typed a draft in the timeline composer; the
//    server is killed (SIGKILL) and started again; the time from the server answering
//    /health/ready to the open page being interactive again (the "Add to timeline" button is
//    there and enabled, the reconnect dialog is closed) with the draft in the box.
// Usage: dotnet run -c Release --project bench/IncidentCenter.CircuitBench --
//          <gcdump tool> <circuits> <restarts> <label>=<app dll> [<label>=<app dll> ...]
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

var gcdump = args[0];
var circuits = int.Parse(args[1], CultureInfo.InvariantCulture);
var restarts = int.Parse(args[2], CultureInfo.InvariantCulture);
var builds = args.Skip(3).Select(a => a.Split('=', 2)).Select(p => (Label: p[0], Dll: Path.GetFullPath(p[1]))).ToList();
const string email = "bench-admin@example.test";
const string password = "bench-password-123";
const string composer = "New timeline entry (Markdown)";

using var playwright = await Playwright.CreateAsync();
await using var browser = await playwright.Chromium.LaunchAsync(new()
{
    ExecutablePath = Environment.GetEnvironmentVariable("PLAYWRIGHT_CHROMIUM_PATH") ?? "/usr/bin/chromium",
    Headless = true,
    Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});

var loads = new List<string>();
var memory = new List<string>();
var resume = new List<string>();
foreach (var (label, dll) in builds)
{
    var app = new App(dll);
    try
    {
        await app.StartAsync();
        var context = await browser.NewContextAsync(new() { BaseURL = app.BaseUrl });
        var writer = await context.NewPageAsync();
        await writer.GotoAsync("/account/login");
        await writer.GetByLabel("Email").FillAsync(email);
        await writer.GetByLabel("Password").FillAsync(password);
        await writer.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await writer.WaitForURLAsync($"{app.BaseUrl}/");
        await writer.GotoAsync("/incidents/declare");
        await writer.GetByLabel("Title").FillAsync("Circuit memory benchmark incident");
        await writer.GetByRole(AriaRole.Button, new() { Name = "Declare incident" }).ClickAsync();
        await writer.WaitForURLAsync("**/incidents/INC-*");
        var incidentUrl = writer.Url;
        // A page with something on it: 20 timeline entries.
        var box = writer.GetByLabel(composer);
        for (var i = 0; i < 20; i++)
        {
            var text = $"Entry {i}: checked the replica lag on db-{i % 3}, still {i * 7} s behind; rolling back deploy 4.{i}.";
            await box.FillAsync(text);
            await writer.GetByRole(AriaRole.Button, new() { Name = "Add to timeline" }).ClickAsync();
            await writer.GetByRole(AriaRole.List, new() { Name = "Timeline" }).GetByText(text).WaitForAsync();
            await Assertions.Expect(box).ToHaveValueAsync("");
        }

        // First load, cold cache, five times.
        var signedIn = await context.StorageStateAsync();
        var firstLoads = new List<(long Script, long Css, double Tti)>();
        for (var i = 0; i < 5; i++)
        {
            firstLoads.Add(await FirstLoadAsync(browser, app.BaseUrl, signedIn, incidentUrl));
        }
        var load = firstLoads.OrderBy(l => l.Tti).ElementAt(firstLoads.Count / 2);
        loads.Add($"| {label} | {Kb(load.Script)} KB | {Kb(load.Css)} KB | **{Kb(load.Script + load.Css)} KB** | {load.Tti:F0} ms | {string.Join(", ", firstLoads.Select(l => l.Tti.ToString("F0", CultureInfo.InvariantCulture)))} |");

        // Warm up: one more page opened and closed, so first-use costs are not counted per circuit.
        var warm = await context.NewPageAsync();
        await OpenInteractiveAsync(warm, incidentUrl);
        await warm.CloseAsync();
        await Task.Delay(2_000);
        var (heapBefore, rssBefore) = await app.MeasureAsync(gcdump);

        var pages = new List<IPage>();
        for (var i = 0; i < circuits; i++)
        {
            var page = await context.NewPageAsync();
            await OpenInteractiveAsync(page, incidentUrl);
            pages.Add(page);
        }
        await Task.Delay(2_000);
        var (heapAfter, rssAfter) = await app.MeasureAsync(gcdump);
        memory.Add($"| {label} | {circuits} | {Mb(heapBefore)} → {Mb(heapAfter)} MB | **{Kb((heapAfter - heapBefore) / circuits)} KB** | {Mb(rssBefore)} → {Mb(rssAfter)} MB | {Kb((rssAfter - rssBefore) / circuits)} KB |");
        foreach (var page in pages)
        {
            await page.CloseAsync();
        }

        // Resume after a restart, with a draft typed in the composer.
        var times = new List<double>();
        for (var run = 0; run < restarts; run++)
        {
            var draft = $"Draft {run} typed as the server dies {Guid.NewGuid():N}";
            await box.FillAsync("");
            await box.PressSequentiallyAsync(draft);
            await writer.WaitForFunctionAsync("d => Object.values(localStorage).some(v => typeof v === 'string' && v.includes(d))", draft);
            app.Kill();
            await app.StartAsync();
            var ready = Stopwatch.StartNew();
            await writer.WaitForFunctionAsync(
                """
                d => {
                  const box = [...document.querySelectorAll('textarea')].find(t => t.value === d);
                  const button = [...document.querySelectorAll('button')].find(b => b.textContent.trim() === 'Add to timeline');
                  const modal = document.getElementById('components-reconnect-modal');
                  const modalOpen = modal && (modal.open || getComputedStyle(modal).display !== 'none');
                  return box && button && !button.disabled && !modalOpen;
                }
                """,
                draft,
                new() { Timeout = 120_000, PollingInterval = 20 });
            times.Add(ready.Elapsed.TotalMilliseconds);
            box = writer.GetByLabel(composer);
        }
        times.Sort();
        resume.Add($"| {label} | {restarts} | {times[times.Count / 2] / 1000:F2} s | {times[^1] / 1000:F2} s | {string.Join(", ", times.Select(t => (t / 1000).ToString("F2", CultureInfo.InvariantCulture)))} |");
        await context.CloseAsync();
    }
    finally
    {
        app.Kill();
        app.Delete();
    }
}

Console.WriteLine("First load of the incident page (fresh context, empty cache): script and CSS as transferred, time to interactive (median of 5)");
Console.WriteLine("| build | script | CSS | script + CSS | time to interactive | all loads (ms) |");
Console.WriteLine("|---|---:|---:|---:|---:|---|");
loads.ForEach(Console.WriteLine);
Console.WriteLine();
Console.WriteLine($"Memory per interactive circuit on an incident page with 20 timeline entries ({Environment.ProcessorCount} cores; heap after a forced full GC by dotnet-gcdump)");
Console.WriteLine("| build | circuits | managed heap | heap per circuit | RSS | RSS per circuit |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|");
memory.ForEach(Console.WriteLine);
Console.WriteLine();
Console.WriteLine("Resume after a server restart (SIGKILL, start again): from /health/ready answering to the page interactive with its draft");
Console.WriteLine("| build | restarts | median | max | all |");
Console.WriteLine("|---|---:|---:|---:|---|");
resume.ForEach(Console.WriteLine);

static string Mb(long bytes) => (bytes / 1024.0 / 1024.0).ToString("F1", CultureInfo.InvariantCulture);
static string Kb(long bytes) => (bytes / 1024.0).ToString("F0", CultureInfo.InvariantCulture);

static async Task<(long Script, long Css, double Tti)> FirstLoadAsync(IBrowser browser, string baseUrl, string signedIn, string url)
{
    await using var context = await browser.NewContextAsync(new() { BaseURL = baseUrl, StorageState = signedIn });
    var page = await context.NewPageAsync();
    var responses = new List<IResponse>();
    page.Response += (_, r) => responses.Add(r);
    var clock = Stopwatch.StartNew();
    await OpenInteractiveAsync(page, url);
    var tti = clock.Elapsed.TotalMilliseconds;
    long script = 0, css = 0;
    foreach (var response in responses.ToList())
    {
        await response.FinishedAsync();
        var sizes = await response.Request.SizesAsync();
        var bytes = sizes.ResponseBodySize + sizes.ResponseHeadersSize;
        switch (response.Request.ResourceType)
        {
            case "script": script += bytes; break;
            case "stylesheet": css += bytes; break;
        }
    }
    return (script, css, tti);
}

static async Task OpenInteractiveAsync(IPage page, string url)
{
    await page.GotoAsync(url);
    // Interactive: the composer's button is rendered by the live circuit (it is absent or disabled before).
    await page.WaitForFunctionAsync(
        "() => [...document.querySelectorAll('button')].some(b => b.textContent.trim() === 'Add to timeline' && !b.disabled) && window.Blazor !== undefined",
        null, new() { Timeout = 60_000 });
}

internal sealed partial class App(string dll)
{
    private readonly DirectoryInfo _data = Directory.CreateTempSubdirectory("ic-circuitbench-");
    private readonly int _port = FreePort();
    private Process? _process;

    public string BaseUrl => $"http://127.0.0.1:{_port}";

    public async Task StartAsync()
    {
        var start = new ProcessStartInfo("dotnet", [dll, "--urls", BaseUrl, "--contentRoot", Path.GetDirectoryName(dll)!])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["Database__Path"] = Path.Combine(_data.FullName, "bench.db");
        start.Environment["Bootstrap__AdminEmail"] = "bench-admin@example.test";
        start.Environment["Bootstrap__AdminPassword"] = "bench-password-123";
        start.Environment["Bootstrap__AdminName"] = "Bench Admin";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        using var http = new HttpClient();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if ((await http.GetAsync($"{BaseUrl}/health/ready")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            await Task.Delay(20);
        }
        throw new TimeoutException("The app did not become ready within 60 s.");
    }

    /// <summary>Managed heap after a full GC (dotnet-gcdump collect + report) and RSS.</summary>
    public async Task<(long Heap, long Rss)> MeasureAsync(string gcdump)
    {
        var file = Path.Combine(_data.FullName, $"{Guid.NewGuid():N}.gcdump");
        await RunAsync(gcdump, "collect", "-p", _process!.Id.ToString(CultureInfo.InvariantCulture), "-o", file);
        var report = await RunAsync(gcdump, "report", file);
        // BENCH_KEEP_GCDUMPS=<folder> keeps the dumps, to compare by type with `dotnet-gcdump report`.
        if (Environment.GetEnvironmentVariable("BENCH_KEEP_GCDUMPS") is { Length: > 0 } keep)
        {
            Directory.CreateDirectory(keep);
            File.Copy(file, Path.Combine(keep, $"{Path.GetFileNameWithoutExtension(dll)}-{_port}-{DateTime.UtcNow:HHmmss}.gcdump"));
        }
        // The report starts with "<bytes>  GC Heap bytes": the live objects found after the forced GC.
        var heap = long.Parse(HeapBytes().Match(report).Groups[1].Value.Replace(",", ""), CultureInfo.InvariantCulture);
        var rssLine = File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        var rss = long.Parse(Regex.Match(rssLine, @"\d+").Value, CultureInfo.InvariantCulture) * 1024;
        return (heap, rss);
    }

    public void Kill()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
    }

    public void Delete() => _data.Delete(recursive: true);

    private static async Task<string> RunAsync(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed: {output}{await process.StandardError.ReadToEndAsync()}");
        }
        return output;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex(@"([\d,]+)\s+GC Heap bytes")]
    private static partial Regex HeapBytes();
}
