using System.Net;
using IncidentCenter.Notifications;
using Microsoft.Extensions.Configuration;

namespace IncidentCenter.Tests.Notifications;

public class WebhookAddressPolicyTests
{
    private static readonly WebhookAddressPolicy Default = new([]);

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.255.255.254")]
    [InlineData("10.0.0.1")]
    [InlineData("10.255.255.255")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.255")]
    [InlineData("192.168.0.1")]
    [InlineData("169.254.169.254")] // cloud metadata
    [InlineData("100.64.0.1")]
    [InlineData("100.127.255.255")]
    [InlineData("0.0.0.0")]
    [InlineData("0.1.2.3")]
    [InlineData("224.0.0.1")]
    [InlineData("239.255.255.250")]
    [InlineData("255.255.255.255")]
    [InlineData("::")]
    [InlineData("::1")]
    [InlineData("fc00::1")]
    [InlineData("fd12:3456:789a::1")]
    [InlineData("fe80::1")]
    [InlineData("fe80::1%2")]
    [InlineData("febf:ffff::1")]
    [InlineData("ff02::1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("::ffff:10.1.2.3")]
    [InlineData("::ffff:169.254.169.254")]
    [InlineData("::ffff:192.168.1.1")]
    [InlineData("::ffff:0.0.0.0")]
    [InlineData("::127.0.0.1")]       // the old IPv4-compatible form
    [InlineData("64:ff9b::a00:1")]    // NAT64 of 10.0.0.1
    [InlineData("64:ff9b::7f00:1")]   // NAT64 of 127.0.0.1
    public void Loopback_private_link_local_and_special_addresses_are_refused(string address)
    {
        var ip = IPAddress.Parse(address);
        Assert.False(Default.IsAllowed(ip));
        Assert.True(WebhookAddressPolicy.IsNonPublic(ip));
        Assert.Equal(ip, Default.FirstRefused([IPAddress.Parse("8.8.8.8"), ip]));
    }

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("93.184.216.34")]
    [InlineData("9.255.255.255")]
    [InlineData("11.0.0.1")]
    [InlineData("172.15.255.255")]
    [InlineData("172.32.0.1")]
    [InlineData("192.167.255.255")]
    [InlineData("192.169.0.1")]
    [InlineData("169.253.255.255")]
    [InlineData("100.63.255.255")]
    [InlineData("100.128.0.1")]
    [InlineData("126.255.255.255")]
    [InlineData("128.0.0.1")]
    [InlineData("223.255.255.255")]
    [InlineData("2606:4700:4700::1111")]
    [InlineData("2a00:1450:4001::200e")]
    [InlineData("::ffff:8.8.8.8")]
    [InlineData("64:ff9b::808:808")]  // NAT64 of 8.8.8.8
    public void Public_addresses_are_allowed(string address)
    {
        Assert.True(Default.IsAllowed(IPAddress.Parse(address)));
        Assert.Null(Default.FirstRefused([IPAddress.Parse(address), IPAddress.Parse("1.1.1.1")]));
    }

    [Fact]
    public void The_allow_list_admits_exactly_the_addresses_and_networks_it_names_in_any_form()
    {
        var policy = new WebhookAddressPolicy(["127.0.0.0/8", "10.0.0.5", "fd00:1::/32", "::1"]);

        Assert.True(policy.IsAllowed(IPAddress.Parse("127.0.0.1")));
        Assert.True(policy.IsAllowed(IPAddress.Parse("127.8.9.10")));
        Assert.True(policy.IsAllowed(IPAddress.Parse("::ffff:127.0.0.1"))); // the mapped form of an allowed address
        Assert.True(policy.IsAllowed(IPAddress.Parse("10.0.0.5")));
        Assert.True(policy.IsAllowed(IPAddress.Parse("::ffff:10.0.0.5")));
        Assert.True(policy.IsAllowed(IPAddress.Parse("fd00:1:2::3")));
        Assert.True(policy.IsAllowed(IPAddress.Parse("::1")));

        Assert.False(policy.IsAllowed(IPAddress.Parse("10.0.0.6")));
        Assert.False(policy.IsAllowed(IPAddress.Parse("::ffff:10.0.0.6")));
        Assert.False(policy.IsAllowed(IPAddress.Parse("fd00:2::1")));
        Assert.False(policy.IsAllowed(IPAddress.Parse("169.254.169.254")));
        Assert.False(policy.IsAllowed(IPAddress.Parse("fe80::1")));
        Assert.True(policy.IsAllowed(IPAddress.Parse("8.8.8.8")));
    }

    [Fact]
    public void The_allow_list_is_read_as_an_array_or_one_comma_separated_value()
    {
        var array = WebhookAddressPolicy.FromConfiguration(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Webhooks:AllowedAddresses:0"] = "10.0.0.0/8",
            ["Webhooks:AllowedAddresses:1"] = "::1",
        }).Build());
        var single = WebhookAddressPolicy.FromConfiguration(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Webhooks:AllowedAddresses"] = "10.0.0.0/8, ::1",
        }).Build());
        var none = WebhookAddressPolicy.FromConfiguration(new ConfigurationBuilder().Build());

        foreach (var policy in new[] { array, single })
        {
            Assert.True(policy.IsAllowed(IPAddress.Parse("10.20.30.40")));
            Assert.True(policy.IsAllowed(IPAddress.Parse("::1")));
            Assert.False(policy.IsAllowed(IPAddress.Parse("127.0.0.1")));
        }
        Assert.False(none.IsAllowed(IPAddress.Parse("10.20.30.40")));
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("10.0.0.0/33")]
    [InlineData("300.1.1.1")]
    public void A_bad_allow_list_entry_stops_start_up_with_a_message_naming_the_key(string entry)
    {
        var ex = Assert.Throws<InvalidOperationException>(() => new WebhookAddressPolicy([entry]));
        Assert.Contains("Webhooks:AllowedAddresses", ex.Message);
        Assert.Contains(entry, ex.Message);
    }

    [FsCheck.Xunit.Property]
    public bool An_IPv4_address_and_its_IPv6_mapped_form_are_judged_alike(uint value)
    {
        var v4 = new IPAddress(BitConverter.GetBytes(value));
        var policy = new WebhookAddressPolicy(["10.1.0.0/16"]);
        return Default.IsAllowed(v4) == Default.IsAllowed(v4.MapToIPv6())
            && policy.IsAllowed(v4) == policy.IsAllowed(v4.MapToIPv6());
    }
}
