using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IncidentCenter.Tests.Support;

public sealed record ReceivedRequest(string Body, string? ContentType, IReadOnlyDictionary<string, string> Headers);

/// <summary>
/// A real HTTP endpoint on a loopback port, standing in for Slack or another receiver. It can fail
/// its first requests with 500, or hold requests until the test lets them through.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _count;

    private WebhookReceiver(WebApplication app) => _app = app;

    public ConcurrentQueue<ReceivedRequest> Requests { get; } = new();

    /// <summary>How many of the first requests get a 500.</summary>
    public int FailFirst { get; set; }

    /// <summary>When set, each request waits for it before answering.</summary>
    public TaskCompletionSource? Hold { get; set; }

    /// <summary>Completes when a request has arrived (and is perhaps being held).</summary>
    public TaskCompletionSource Arrived { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string BaseUrl { get; private set; } = "";
    public string Url => BaseUrl + "/hook";

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = Path.GetTempPath(), EnvironmentName = "Testing" });
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/hook/{**rest}", (Delegate)receiver.HandleAsync); // /hook and anything under it (Slack-style secret paths)
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.BaseUrl = address.TrimEnd('/');
        return receiver;
    }

    private async Task<IResult> HandleAsync(HttpContext http)
    {
        using var reader = new StreamReader(http.Request.Body);
        var body = await reader.ReadToEndAsync();
        var headers = http.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        Requests.Enqueue(new ReceivedRequest(body, http.Request.ContentType, headers));
        Arrived.TrySetResult();
        if (Hold is { } hold)
        {
            await hold.Task;
        }
        return Interlocked.Increment(ref _count) <= FailFirst
            ? Results.Text("receiver is having a bad day", statusCode: 500)
            : Results.Ok();
    }

    public async ValueTask DisposeAsync()
    {
        Hold?.TrySetResult();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
