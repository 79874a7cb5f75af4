using System.Net;
using System.Net.Sockets;

namespace IncidentCenter.Notifications;

/// <summary>Looks up a host name's addresses; tests put in their own answers.</summary>
public class HostResolver
{
    public virtual Task<IPAddress[]> ResolveAsync(string host, CancellationToken ct) => Dns.GetHostAddressesAsync(host, ct);
}

/// <summary>A webhook's address is one the <see cref="WebhookAddressPolicy"/> refuses. The message is shown to Admins.</summary>
public sealed class WebhookAddressRefusedException(string message) : Exception(message);

/// <summary>
/// Applies the <see cref="WebhookAddressPolicy"/> when a webhook is saved and again when every
/// connection is opened: the connect step resolves the name itself, checks every address and
/// connects only to those checked addresses, so a name that resolves to a public address when
/// saved and to a private one later (DNS rebinding) still cannot reach the private one.
/// </summary>
public sealed class WebhookAddressGuard(WebhookAddressPolicy policy, HostResolver resolver)
{
    /// <summary>How long saving waits for a name to resolve before accepting it unchecked (sending checks again).</summary>
    public static readonly TimeSpan SaveLookupTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Null when the URL may be saved, else why not. A literal refused address, or a name any of whose
    /// addresses is refused, is refused; a name that does not resolve now is accepted (each send checks).
    /// </summary>
    public async Task<string?> CheckForSaveAsync(string url, CancellationToken ct)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return null; // The URL format is checked elsewhere.
        }
        var host = Host(uri.IdnHost);
        if (IPAddress.TryParse(host, out var literal))
        {
            return policy.IsAllowed(literal) ? null : Refusal(host, literal);
        }
        IPAddress[] addresses;
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            timeout.CancelAfter(SaveLookupTimeout);
            try
            {
                addresses = await resolver.ResolveAsync(host, timeout.Token);
            }
            catch (Exception ex) when (ex is SocketException or ArgumentException or OperationCanceledException && !ct.IsCancellationRequested)
            {
                return null;
            }
        }
        return policy.FirstRefused(addresses) is { } refused ? Refusal(host, refused) : null;
    }

    /// <summary>The webhook client's <see cref="SocketsHttpHandler.ConnectCallback"/>.</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var host = Host(context.DnsEndPoint.Host);
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await resolver.ResolveAsync(host, ct);
        if (addresses.Length == 0)
        {
            throw new WebhookAddressRefusedException($"Not sent: {host} has no address.");
        }
        if (policy.FirstRefused(addresses) is { } refused)
        {
            throw new WebhookAddressRefusedException("Not sent: " + Refusal(host, refused));
        }
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            // Only the addresses just checked: no second lookup that could answer differently.
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>An IPv6 literal without its URL brackets.</summary>
    private static string Host(string host) => host.StartsWith('[') ? host.Trim('[', ']') : host;

    private static string Refusal(string host, IPAddress address) =>
        IPAddress.TryParse(host, out _)
            ? $"{host} is a private, loopback or link-local address. Webhooks may only send to public addresses (an operator can allow one in {WebhookAddressPolicy.ConfigKey})."
            : $"{host} resolves to {address}, a private, loopback or link-local address. Webhooks may only send to public addresses (an operator can allow one in {WebhookAddressPolicy.ConfigKey}).";
}
