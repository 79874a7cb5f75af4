using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text;

namespace IncidentCenter.E2E.Support;

/// <summary>
/// The built app as a child process on Kestrel, on a loopback port and a SQLite file of its own.
/// Stopping kills the process; starting again reuses the same port and database, as a real
/// restart would.
/// </summary>
public sealed class AppServer(Account? bootstrapAdmin, IReadOnlyDictionary<string, string>? environment = null) : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly DirectoryInfo _data = Directory.CreateTempSubdirectory("incidentcenter-e2e-");
    private readonly StringBuilder _log = new();
    private readonly int _port = FreePort();
    private Process? _process;

    public string BaseUrl => $"http://127.0.0.1:{_port}";

    /// <summary>The app's SQLite file, for tests that write rows the UI cannot yet (status page).</summary>
    public string DatabasePath => Path.Combine(_data.FullName, "app.db");

    public async Task StartAsync()
    {
        if (_process is not null)
        {
            throw new InvalidOperationException("The app is already running.");
        }
        var dll = Environment.GetEnvironmentVariable("E2E_APP_DLL") ?? Metadata("AppDll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"The app is not built at {dll}; build the solution first.", dll);
        }
        var start = new ProcessStartInfo(DotnetHost(), [dll, "--urls", BaseUrl, "--contentRoot", Metadata("AppProjectDirectory")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Database__Path"] = DatabasePath;
        start.Environment["Bootstrap__AdminEmail"] = bootstrapAdmin?.Email ?? "";
        start.Environment["Bootstrap__AdminPassword"] = bootstrapAdmin?.Password ?? "";
        start.Environment["Bootstrap__AdminName"] = bootstrapAdmin?.Name ?? "Administrator";
        start.Environment["Limits__SignInAttemptsPerMinute"] = "1000";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        AppDomain.CurrentDomain.ProcessExit += KillOnExit;

        await WaitUntilReadyAsync(process);
    }

    /// <summary>Kills the app, as a crash or a hard stop would.</summary>
    public async Task StopAsync()
    {
        if (_process is not { } process)
        {
            return;
        }
        _process = null;
        AppDomain.CurrentDomain.ProcessExit -= KillOnExit;
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }
        await process.WaitForExitAsync();
        process.Dispose();
    }

    public string RecentLog()
    {
        lock (_log)
        {
            var text = _log.ToString();
            return text.Length > 4000 ? text[^4000..] : text;
        }
    }

    /// <summary>Everything the app has logged since it started, as an operator would read it.</summary>
    public string FullLog()
    {
        lock (_log)
        {
            return _log.ToString();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            _data.Delete(recursive: true);
        }
        catch (IOException)
        {
            // Left in the temp folder; harmless.
        }
    }

    private async Task WaitUntilReadyAsync(Process process)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The app exited with code {process.ExitCode} while starting:\n{RecentLog()}");
            }
            try
            {
                using var response = await http.GetAsync($"{BaseUrl}/health/ready");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Busy starting.
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"The app was not ready within {StartTimeout.TotalSeconds} s:\n{RecentLog()}");
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_log)
        {
            _log.AppendLine(line);
        }
    }

    private void KillOnExit(object? sender, EventArgs e)
    {
        try
        {
            _process?.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    private static string Metadata(string key) =>
        typeof(AppServer).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
