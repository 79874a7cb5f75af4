using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace IncidentCenter.Tests.Support;

/// <summary>
/// A real nginx (Debian package) on a loopback port, as the TLS-terminating proxy in front of the app:
/// it sets X-Forwarded-For to the address the client connected from (whatever the client sent) and
/// X-Forwarded-Proto to https. Its own nginx.conf in a temp folder; stopped by process id.
/// </summary>
public sealed class NginxProxy : IAsyncDisposable
{
    public const string PublicHost = "incidents.example.test";

    private readonly Process _process;
    private readonly DirectoryInfo _folder;

    private NginxProxy(Process process, DirectoryInfo folder, int port)
    {
        _process = process;
        _folder = folder;
        Port = port;
    }

    public static string? Binary { get; } = new[] { "/usr/sbin/nginx", "/usr/bin/nginx" }.FirstOrDefault(File.Exists);

    public int Port { get; }

    public static async Task<NginxProxy> StartAsync(Uri upstream)
    {
        var binary = Binary ?? throw new InvalidOperationException("nginx is not installed.");
        var folder = Directory.CreateTempSubdirectory("incidentcenter-nginx-");
        var port = FreePort();
        var conf = Path.Combine(folder.FullName, "nginx.conf");
        await File.WriteAllTextAsync(conf, $$"""
            worker_processes 1;
            pid {{folder.FullName}}/nginx.pid;
            error_log {{folder.FullName}}/error.log warn;
            events { worker_connections 64; }
            http {
                access_log off;
                client_body_temp_path {{folder.FullName}}/body;
                proxy_temp_path {{folder.FullName}}/proxy;
                fastcgi_temp_path {{folder.FullName}}/fastcgi;
                uwsgi_temp_path {{folder.FullName}}/uwsgi;
                scgi_temp_path {{folder.FullName}}/scgi;
                server {
                    listen 127.0.0.1:{{port}};
                    location / {
                        proxy_pass http://{{upstream.Host}}:{{upstream.Port}};
                        proxy_set_header Host {{PublicHost}};
                        proxy_set_header X-Forwarded-For $remote_addr;
                        proxy_set_header X-Forwarded-Proto https;
                    }
                }
            }
            """);
        var start = new ProcessStartInfo(binary, ["-c", conf, "-p", folder.FullName, "-e", Path.Combine(folder.FullName, "error.log"), "-g", "daemon off;"])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("nginx did not start.");
        var proxy = new NginxProxy(process, folder, port);
        try
        {
            await proxy.WaitUntilListeningAsync();
        }
        catch
        {
            await proxy.DisposeAsync();
            throw;
        }
        return proxy;
    }

    /// <summary>A client whose connections come from <paramref name="source"/> (any 127.x.y.z is loopback on Linux); cookies are kept by hand, since the app marks them Secure.</summary>
    public HttpClient ClientFrom(string source) => Client(source, Port);

    public static HttpClient Client(string source, int port)
    {
        var handler = new SocketsHttpHandler
        {
            UseCookies = false,
            AllowAutoRedirect = false,
            ConnectCallback = async (_, ct) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    socket.Bind(new IPEndPoint(IPAddress.Parse(source), 0));
                    await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), ct);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler) { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
    }

    private async Task WaitUntilListeningAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"nginx exited with code {_process.ExitCode}: {await _process.StandardError.ReadToEndAsync()} {ErrorLog()}");
            }
            using var probe = new TcpClient();
            try
            {
                await probe.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }
        throw new TimeoutException($"nginx did not listen on {Port} within 20 s. {ErrorLog()}");
    }

    private string ErrorLog()
    {
        var path = Path.Combine(_folder.FullName, "error.log");
        return File.Exists(path) ? File.ReadAllText(path, Encoding.UTF8) : "";
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        await _process.WaitForExitAsync();
        _process.Dispose();
        try
        {
            _folder.Delete(recursive: true);
        }
        catch (IOException)
        {
            // Left in the temp folder; harmless.
        }
    }
}

/// <summary>A test that needs Debian's nginx; skipped, saying so, only where it is not installed.</summary>
public sealed class NginxFactAttribute : FactAttribute
{
    public NginxFactAttribute()
    {
        if (NginxProxy.Binary is null)
        {
            Skip = "nginx is not installed (apt-get install nginx); the reverse-proxy tests need a real nginx on loopback.";
        }
    }
}
