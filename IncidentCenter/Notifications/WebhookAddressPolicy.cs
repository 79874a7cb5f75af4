using System.Net;
using System.Net.Sockets;
using IPNetwork = System.Net.IPNetwork;

namespace IncidentCenter.Notifications;

/// <summary>
/// Which addresses webhooks may be sent to: public ones only, so an Admin (or a stolen Admin
/// session) cannot point a webhook at the app's own host, the cloud metadata service or the
/// internal network. Loopback, private, link-local, shared (CGNAT), "this network", multicast,
/// reserved and unspecified addresses are refused, in IPv4, IPv6 and IPv4-in-IPv6 forms, unless
/// <c>Webhooks:AllowedAddresses</c> names them (single addresses or CIDR networks).
/// </summary>
public sealed class WebhookAddressPolicy
{
    public const string ConfigKey = "Webhooks:AllowedAddresses";

    private static readonly IPNetwork[] Refused =
    [
        IPNetwork.Parse("0.0.0.0/8"),       // "this network", includes 0.0.0.0
        IPNetwork.Parse("10.0.0.0/8"),
        IPNetwork.Parse("100.64.0.0/10"),   // shared address space (carrier-grade NAT)
        IPNetwork.Parse("127.0.0.0/8"),
        IPNetwork.Parse("169.254.0.0/16"),  // link-local, cloud metadata services
        IPNetwork.Parse("172.16.0.0/12"),
        IPNetwork.Parse("192.168.0.0/16"),
        IPNetwork.Parse("224.0.0.0/4"),     // multicast
        IPNetwork.Parse("240.0.0.0/4"),     // reserved, includes 255.255.255.255
        IPNetwork.Parse("::/96"),           // unspecified, loopback and the old IPv4-compatible form (::127.0.0.1)
        IPNetwork.Parse("fc00::/7"),        // unique local
        IPNetwork.Parse("fe80::/10"),       // link-local
        IPNetwork.Parse("fec0::/10"),       // old site-local
        IPNetwork.Parse("ff00::/8"),        // multicast
    ];

    /// <summary>The NAT64 prefix: the last 32 bits are an IPv4 address, judged as such.</summary>
    private static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");

    private readonly IReadOnlyList<IPNetwork> _allowed;

    public WebhookAddressPolicy(IEnumerable<string> allowed) =>
        _allowed = allowed.Select(ParseAllowed).ToList();

    /// <summary>Either an array (Webhooks:AllowedAddresses:0, …) or one comma-separated value.</summary>
    public static WebhookAddressPolicy FromConfiguration(IConfiguration config)
    {
        var section = config.GetSection(ConfigKey);
        var values = section.GetChildren().Select(c => c.Value).Append(section.Value);
        return new WebhookAddressPolicy(values.SelectMany(v => (v ?? "").Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)));
    }

    /// <summary>True when a webhook may connect to <paramref name="address"/>.</summary>
    public bool IsAllowed(IPAddress address)
    {
        var a = Normalize(address);
        return _allowed.Any(n => n.Contains(a)) || !IsNonPublic(a);
    }

    /// <summary>The first address of <paramref name="addresses"/> that is refused, or null when all are allowed.</summary>
    public IPAddress? FirstRefused(IEnumerable<IPAddress> addresses) => addresses.FirstOrDefault(a => !IsAllowed(a));

    /// <summary>Loopback, private, link-local and the other ranges a webhook must not reach by default.</summary>
    public static bool IsNonPublic(IPAddress address)
    {
        var a = Normalize(address);
        return Refused.Any(n => n.Contains(a));
    }

    /// <summary>IPv4-mapped (::ffff:10.0.0.1) and NAT64 (64:ff9b::10.0.0.1) forms are judged as the IPv4 address inside.</summary>
    public static IPAddress Normalize(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address;
        }
        if (Nat64.Contains(address))
        {
            return new IPAddress(address.GetAddressBytes()[12..]);
        }
        // fe80::1%eth0: the scope does not change which range it is in.
        return address.ScopeId == 0 ? address : new IPAddress(address.GetAddressBytes());
    }

    private static IPNetwork ParseAllowed(string entry)
    {
        if (entry.Contains('/'))
        {
            return IPNetwork.TryParse(entry, out var network)
                ? network
                : throw new InvalidOperationException($"{ConfigKey}: '{entry}' is not a network such as 10.0.0.0/8.");
        }
        return IPAddress.TryParse(entry, out var single)
            ? new IPNetwork(Normalize(single), Normalize(single).AddressFamily == AddressFamily.InterNetwork ? 32 : 128)
            : throw new InvalidOperationException($"{ConfigKey}: '{entry}' is not an IP address or a network such as 10.0.0.0/8.");
    }
}
