using IncidentCenter.Accounts;
using IncidentCenter.Audit;
using IncidentCenter.Components;
using IncidentCenter.Data;
using IncidentCenter.Extensions;
using IncidentCenter.Infrastructure;

var builder = WebApplication.CreateBuilder(args);
// Serve MudBlazor's and our scoped CSS from the build output in every environment, not only
// Development; a published app has no runtime manifest and this does nothing there.
builder.WebHost.UseStaticWebAssets();
builder.AddApplicationServices();

var app = builder.Build();
await app.Services.InitializeDatabaseAsync();

app.UseReverseProxySupport();
app.UseSecurityHeaders();

if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/error", createScopeForErrors: true);
}
app.UseStatusCodePagesWithReExecute("/not-found");
app.UseRateLimiter();
app.UseAuthentication();
app.UseAuditClientAddress();
app.UseAuthorization();
app.UseMiddleware<TwoFactorEnrolmentGate>();
app.UseAntiforgery();

app.MapStaticAssets();
app.MapHealthEndpoints();
app.MapApplicationEndpoints();
app.MapPost("/account/logout", SignOutEndpoint.HandleAsync);
// UseSecurityHeaders sends the whole policy, frame-ancestors 'none' included, on every response; Blazor's
// own frame-ancestors-only header would otherwise take its place on pages.
app.MapRazorComponents<App>().AddInteractiveServerRenderMode(o => o.ContentSecurityFrameAncestorsPolicy = null).RequireSignedInUserForCircuits();

app.Run();

public partial class Program;
