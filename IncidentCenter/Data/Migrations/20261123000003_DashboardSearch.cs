using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace IncidentCenter.Data.Migrations;

/// <summary>
/// Dashboard speed: a severity index that also gives the open-first order, and a trigram full-text
/// index over incident titles for substring search. The search table is not in the EF model; it keeps
/// no copy of the titles (external content) and triggers keep it in step with Incidents.
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261123000003_DashboardSearch")]
public sealed class DashboardSearch : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.Sql(
        """
        DROP INDEX "IX_Incidents_Severity_DeclaredAt";

        CREATE INDEX "IX_Incidents_Severity_IsOpen_DeclaredAt" ON "Incidents" ("Severity", "IsOpen", "DeclaredAt");

        CREATE VIRTUAL TABLE "IncidentTitleSearch" USING fts5("Title", content='Incidents', content_rowid='Id', tokenize='trigram');

        CREATE TRIGGER "Incidents_TitleSearch_Insert" AFTER INSERT ON "Incidents" BEGIN
            INSERT INTO "IncidentTitleSearch"(rowid, "Title") VALUES (new."Id", new."Title");
        END;

        CREATE TRIGGER "Incidents_TitleSearch_Delete" AFTER DELETE ON "Incidents" BEGIN
            INSERT INTO "IncidentTitleSearch"("IncidentTitleSearch", rowid, "Title") VALUES ('delete', old."Id", old."Title");
        END;

        CREATE TRIGGER "Incidents_TitleSearch_Update" AFTER UPDATE OF "Title" ON "Incidents" BEGIN
            INSERT INTO "IncidentTitleSearch"("IncidentTitleSearch", rowid, "Title") VALUES ('delete', old."Id", old."Title");
            INSERT INTO "IncidentTitleSearch"(rowid, "Title") VALUES (new."Id", new."Title");
        END;

        INSERT INTO "IncidentTitleSearch"("IncidentTitleSearch") VALUES ('rebuild');
        """);

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.Sql(
        """
        DROP TRIGGER IF EXISTS "Incidents_TitleSearch_Update";
        DROP TRIGGER IF EXISTS "Incidents_TitleSearch_Delete";
        DROP TRIGGER IF EXISTS "Incidents_TitleSearch_Insert";
        DROP TABLE IF EXISTS "IncidentTitleSearch";

        DROP INDEX IF EXISTS "IX_Incidents_Severity_IsOpen_DeclaredAt";
        CREATE INDEX "IX_Incidents_Severity_DeclaredAt" ON "Incidents" ("Severity", "DeclaredAt");
        """);
}
