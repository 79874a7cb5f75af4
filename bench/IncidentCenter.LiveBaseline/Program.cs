using IncidentCenter.LiveBaseline.Components;

var builder = WebApplication.CreateBuilder(args);
// Serves the framework script from the build output, as the app does (it runs from its bin folder, not a publish).
builder.WebHost.UseStaticWebAssets();
builder.Services.AddRazorComponents().AddInteractiveServerComponents();
builder.Services.AddSingleton<Lines>();

var app = builder.Build();
app.UseAntiforgery();
app.MapStaticAssets();
app.MapGet("/health/ready", () => "ready");
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
app.Run();

/// <summary>The lines every open page shows, and the event that tells them a line was added.</summary>
public sealed class Lines
{
    private readonly object gate = new();
    private List<string> lines = [];

    public event Action? Changed;

    public IReadOnlyList<string> All => lines;

    public void Add(string text)
    {
        lock (gate)
        {
            lines = [.. lines, text];
        }
        Changed?.Invoke();
    }
}
