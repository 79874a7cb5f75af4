using IncidentCenter.Data;
using IncidentCenter.Incidents;
using IncidentCenter.Response;
using IncidentCenter.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IncidentCenter.Tests.Response;

/// <summary>
/// A write the evaluator cannot make (here a trigger refuses it, as a full disk would) is logged as an
/// error, not passed off as a harmless race; the other incidents are still evaluated, and the next round
/// records what was missed, once.
/// </summary>
public sealed class ResponseEvaluatorFailureTests : IAsyncLifetime
{
    private TestApp _app = null!;
    private TestUser _rita = null!;

    public async Task InitializeAsync()
    {
        _app = await TestApp.CreateAsync();
        _rita = await _app.ResponderAsync();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_failed_write_is_logged_as_an_error_the_others_are_recorded_and_the_next_round_catches_up()
    {
        var broken = await _app.DeclareAwaitingAckAsync(_rita, Severity.Sev1, "Payments down");
        var fine = await _app.DeclareAwaitingAckAsync(_rita, Severity.Sev1, "Search slow");
        await _app.SqlAsync($"""
            CREATE TRIGGER "Test_RefuseBreach" BEFORE INSERT ON "ResponseBreaches" WHEN NEW."IncidentId" = {broken.Id}
            BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END
            """);
        var logger = new ListLogger<ResponseEvaluator>();
        var evaluator = new ResponseEvaluator(
            _app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>(),
            _app.Services.GetRequiredService<IncidentNotifier>(),
            logger);
        _app.Clock.Advance(SeverityPolicy.Default(Severity.Sev1).AcknowledgeWithin + TimeSpan.FromSeconds(1));

        var changed = await evaluator.EvaluateAsync(_app.Clock.UtcNow);

        Assert.Equal([fine.Id], changed);
        Assert.Empty(await _app.BreachesAsync(broken.Id));
        Assert.Single(await _app.BreachesAsync(fine.Id));
        var entry = Assert.Single(logger.Entries, e => e.Level >= LogLevel.Warning);
        Assert.Equal(LogLevel.Error, entry.Level);
        Assert.Contains(broken.Reference, entry.Message);

        await _app.SqlAsync("""DROP TRIGGER "Test_RefuseBreach" """);
        Assert.Equal([broken.Id], await evaluator.EvaluateAsync(_app.Clock.UtcNow));
        Assert.Single(await _app.BreachesAsync(broken.Id));
        Assert.Single(await _app.SystemEntriesAsync(broken.Id, "acknowledge target missed"));
        Assert.Empty(await evaluator.EvaluateAsync(_app.Clock.UtcNow));
    }

    private sealed class ListLogger<T> : ILogger<T>
    {
        public List<(LogLevel Level, string Message)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Entries)
            {
                Entries.Add((logLevel, formatter(state, exception)));
            }
        }
    }
}
