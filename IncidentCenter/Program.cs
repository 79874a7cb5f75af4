using IncidentCenter.Components;
using IncidentCenter.Data;
using IncidentCenter.Extensions;
using IncidentCenter.Infrastructure;

var builder = WebApplication.CreateBuilder(args);
// Serve Radzen's and our scoped CSS from the build output in every environment, not only
// Development; a published app has no runtime manifest and this does nothing there.
builder.WebHost.UseStaticWebAssets();
builder.AddApplicationServices();

var app = builder.Build();
await app.Services.InitializeDatabaseAsync();

if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/error", createScopeForErrors: true);
}
app.UseStatusCodePagesWithReExecute("/not-found");
app.UseRateLimiter();
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();

app.MapStaticAssets();
#if BUNDLED_BLAZOR_SCRIPT
app.MapBundledBlazorScript();
#endif
app.MapHealthEndpoints();
app.MapApplicationEndpoints();
app.MapPost("/account/logout", IncidentCenter.Accounts.SignOutEndpoint.HandleAsync);
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

app.Run();

public partial class Program;
