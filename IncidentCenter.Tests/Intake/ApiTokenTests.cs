using System.Security.Cryptography;
using System.Text;
using IncidentCenter.Accounts;
using IncidentCenter.Intake;
using IncidentCenter.Shared;
using IncidentCenter.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace IncidentCenter.Tests.Intake;

public class ApiTokenTests : IAsyncLifetime
{
    private TestApp _app = null!;
    private TestUser _admin = null!;

    private ApiTokenService Tokens => _app.Services.GetRequiredService<ApiTokenService>();

    public async Task InitializeAsync()
    {
        _app = await TestApp.CreateAsync();
        _admin = await _app.CreateUserAsync("Ada Admin", AppRoles.Admin);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Only_the_SHA256_of_a_token_is_stored_and_the_value_is_never_listed()
    {
        var created = await Tokens.CreateAsync(_admin.Principal, "  Alertmanager (prod)  ");

        Assert.StartsWith(ApiTokenService.ValuePrefix, created.Value);
        Assert.Equal(32, Convert.FromBase64String(Pad(created.Value[ApiTokenService.ValuePrefix.Length..])).Length);
        var expectedHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(created.Value)));
        Assert.Equal([expectedHash], await _app.SqlAsync("SELECT \"TokenHash\" FROM \"ApiTokens\""));
        Assert.DoesNotContain(created.Value, await _app.SnapshotAsync());
        Assert.DoesNotContain(created.Value[(ApiTokenService.ValuePrefix.Length + 4)..], await _app.SnapshotAsync());

        var row = Assert.Single(await Tokens.ListAsync(_admin.Principal));
        Assert.Equal(("Alertmanager (prod)", "Ada Admin", true, (DateTime?)null), (row.Name, row.CreatedByName, row.IsActive, row.LastUsedAt));
        Assert.Equal(created.Value[..(ApiTokenService.ValuePrefix.Length + 4)], row.Prefix);
        Assert.NotEqual(created.Value, (await Tokens.CreateAsync(_admin.Principal, "Another")).Value);
    }

    [Fact]
    public async Task A_token_authenticates_until_it_is_revoked()
    {
        var created = await Tokens.CreateAsync(_admin.Principal, "Grafana");

        Assert.Equal(created.Token.Id, (await Tokens.AuthenticateAsync(created.Value))?.Id);
        Assert.Null(await Tokens.AuthenticateAsync(created.Value.ToUpperInvariant()));
        Assert.Null(await Tokens.AuthenticateAsync(created.Value[..^1]));
        Assert.Null(await Tokens.AuthenticateAsync(""));
        Assert.Null(await Tokens.AuthenticateAsync(null));

        await Tokens.RevokeAsync(_admin.Principal, created.Token.Id);

        Assert.Null(await Tokens.AuthenticateAsync(created.Value));
        var row = Assert.Single(await Tokens.ListAsync(_admin.Principal));
        Assert.Equal((false, "Ada Admin", _app.Clock.UtcNow), (row.IsActive, row.RevokedByName, row.RevokedAt!.Value));
        var again = await Assert.ThrowsAsync<ValidationFailedException>(() => Tokens.RevokeAsync(_admin.Principal, created.Token.Id));
        Assert.Equal("\"Grafana\" is already revoked.", again.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task A_token_needs_a_name(string name)
    {
        await Assert.ThrowsAsync<ValidationFailedException>(() => Tokens.CreateAsync(_admin.Principal, name));
        await Assert.ThrowsAsync<ValidationFailedException>(() => Tokens.CreateAsync(_admin.Principal, new string('n', 101)));
        Assert.Empty(await Tokens.ListAsync(_admin.Principal));
    }

    [Theory]
    [InlineData("Bearer abc", "abc")]
    [InlineData("bearer   abc  ", "abc")]
    [InlineData("Basic YWJjOmRlZg==", null)]
    [InlineData("Bearer ", null)]
    [InlineData("", null)]
    [InlineData("abc", null)]
    public void The_bearer_token_is_read_from_the_authorization_header(string header, string? expected) =>
        Assert.Equal(expected, AlertEndpoints.BearerToken(header));

    [Fact]
    public async Task A_body_without_a_length_is_read_up_to_the_limit_and_refused_past_it()
    {
        // Chunked uploads have no Content-Length to check first: the endpoint counts while reading.
        Assert.Equal(AlertEndpoints.MaxBodyBytes, (await AlertEndpoints.ReadLimitedAsync(new MemoryStream(new byte[AlertEndpoints.MaxBodyBytes]), default))!.Length);
        Assert.Null(await AlertEndpoints.ReadLimitedAsync(new MemoryStream(new byte[AlertEndpoints.MaxBodyBytes + 1]), default));
    }

    private static string Pad(string base64Url)
    {
        var s = base64Url.Replace('-', '+').Replace('_', '/');
        return s + new string('=', (4 - s.Length % 4) % 4);
    }
}
