using IncidentCenter.Data;
using IncidentCenter.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace IncidentCenter.Tests.Data;

/// <summary>
/// The migrations are written by hand, with no model snapshot for EF to compare: these tests are
/// the check that a migrated database has every table, column and index the model expects.
/// </summary>
public class SchemaTests(SchemaTests.MigratedDatabase database) : IClassFixture<SchemaTests.MigratedDatabase>
{
    public sealed class MigratedDatabase : IAsyncLifetime
    {
        public TestApp App { get; private set; } = null!;

        public async Task InitializeAsync() => App = await TestApp.CreateAsync();

        public async Task DisposeAsync() => await App.DisposeAsync();
    }

    private readonly TestApp _app = database.App;

    public sealed record ModelTable(string Name, IReadOnlyList<(string Column, bool Nullable)> Columns, IReadOnlyList<(string Name, bool Unique, string[] Columns)> Indexes);

    /// <summary>The tables of the model as the app's own DbContext factory builds it.</summary>
    private async Task<IReadOnlyList<ModelTable>> AppModelTablesAsync()
    {
        await using var db = await _app.CreateDbContextAsync();
        return ModelTables(db);
    }

    private static IReadOnlyList<ModelTable> ModelTables(AppDbContext db) =>
        db.Model.GetEntityTypes()
            .Where(e => e.GetTableName() is not null)
            .GroupBy(e => e.GetTableName()!)
            .Select(g =>
            {
                var table = StoreObjectIdentifier.Table(g.Key, null);
                var columns = g.SelectMany(e => e.GetProperties())
                    .Select(p => (p.GetColumnName(table)!, p.IsColumnNullable(table)))
                    .Distinct().ToList();
                var indexes = g.SelectMany(e => e.GetIndexes())
                    .Select(i => (i.GetDatabaseName(table)!, i.IsUnique, i.Properties.Select(p => p.GetColumnName(table)!).ToArray()))
                    .ToList();
                return new ModelTable(g.Key, columns, indexes);
            })
            .ToList();

    public static TheoryData<string> Tables()
    {
        var options = AppDbContext.Configure(new DbContextOptionsBuilder<AppDbContext>(), "Data Source=:memory:");
        using var db = new AppDbContext((DbContextOptions<AppDbContext>)options.Options);
        return [.. ModelTables(db).Select(t => t.Name)];
    }

    /// <summary>EF's own bookkeeping: applied migrations, and the lock EF (9 and later) takes while migrating SQLite.</summary>
    private static readonly string[] EfTables = ["__EFMigrationsHistory", "__EFMigrationsLock"];

    [Fact]
    public async Task The_database_has_exactly_the_model_tables_and_the_migrations_history()
    {
        var expected = (await AppModelTablesAsync()).Select(t => t.Name).Concat(EfTables).Order(StringComparer.Ordinal);
        // IncidentTitleSearch (FTS5) and its IncidentTitleSearch_* shadow tables live outside the model.
        var actual = (await _app.SqlAsync("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'IncidentTitleSearch%'"))
            .Select(n => n!).Order(StringComparer.Ordinal);
        Assert.Equal(expected, actual);
    }

    [Theory]
    [MemberData(nameof(Tables))]
    public async Task Every_model_column_exists_with_its_nullability(string tableName)
    {
        var model = (await AppModelTablesAsync()).Single(t => t.Name == tableName);
        var columns = await ColumnsAsync(tableName);

        foreach (var (column, nullable) in model.Columns)
        {
            Assert.True(columns.ContainsKey(column), $"{tableName}.{column} is in the model but not in the database.");
            Assert.True(columns[column] == nullable, $"{tableName}.{column}: model says nullable={nullable}, database says {columns[column]}.");
        }
        Assert.Empty(columns.Keys.Except(model.Columns.Select(c => c.Column)));
    }

    [Theory]
    [MemberData(nameof(Tables))]
    public async Task Every_model_index_exists_with_its_columns_and_uniqueness(string tableName)
    {
        var model = (await AppModelTablesAsync()).Single(t => t.Name == tableName);
        var indexes = await IndexesAsync(tableName);

        foreach (var (name, unique, columns) in model.Indexes)
        {
            Assert.True(indexes.ContainsKey(name), $"Index {name} on {tableName} is in the model but not in the database.");
            Assert.Equal($"{name}: unique={unique} ({string.Join(", ", columns)})",
                $"{name}: unique={indexes[name].Unique} ({string.Join(", ", indexes[name].Columns)})");
        }
        Assert.Empty(indexes.Keys.Except(model.Indexes.Select(i => i.Name)));
    }

    [Fact]
    public async Task Service_names_are_unique_ignoring_case()
    {
        var sql = (await _app.SqlAsync("SELECT sql FROM sqlite_master WHERE name = 'Services'")).Single();
        Assert.Contains("COLLATE NOCASE", sql);
    }

    private async Task<Dictionary<string, bool>> ColumnsAsync(string table)
    {
        var names = await _app.SqlAsync($"SELECT name FROM pragma_table_info('{table}') ORDER BY cid");
        var notNull = await _app.SqlAsync($"SELECT \"notnull\" FROM pragma_table_info('{table}') ORDER BY cid");
        return names.Zip(notNull).ToDictionary(x => x.First!, x => x.Second == "0");
    }

    private async Task<Dictionary<string, (bool Unique, string[] Columns)>> IndexesAsync(string table)
    {
        var names = await _app.SqlAsync($"SELECT name FROM pragma_index_list('{table}') WHERE origin = 'c' ORDER BY name");
        var result = new Dictionary<string, (bool, string[])>();
        foreach (var name in names)
        {
            var unique = (await _app.SqlAsync($"SELECT \"unique\" FROM pragma_index_list('{table}') WHERE name = '{name}'")).Single() == "1";
            var columns = await _app.SqlAsync($"SELECT name FROM pragma_index_info('{name}') ORDER BY seqno");
            result[name!] = (unique, columns.Select(c => c!).ToArray());
        }
        return result;
    }
}
