using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace IncidentCenter.Data.Migrations;

/// <summary>Timeline entries and the revisions that keep their history.</summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261123000002_Timeline")]
public sealed class AddTimeline : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.Sql(
        """
        CREATE TABLE "TimelineEntries" (
            "Id" INTEGER NOT NULL CONSTRAINT "PK_TimelineEntries" PRIMARY KEY AUTOINCREMENT,
            "IncidentId" INTEGER NOT NULL,
            "Kind" INTEGER NOT NULL,
            "Text" TEXT NOT NULL,
            "OccurredAt" TEXT NOT NULL,
            "RecordedAt" TEXT NOT NULL,
            "AuthorId" TEXT NOT NULL,
            "AuthorName" TEXT NOT NULL,
            "IsKeyEvent" INTEGER NOT NULL,
            "EditedAt" TEXT NULL,
            "IsDeleted" INTEGER NOT NULL,
            "Version" INTEGER NOT NULL,
            CONSTRAINT "FK_TimelineEntries_Incidents_IncidentId" FOREIGN KEY ("IncidentId") REFERENCES "Incidents" ("Id") ON DELETE CASCADE
        );

        CREATE TABLE "TimelineEntryRevisions" (
            "Id" INTEGER NOT NULL CONSTRAINT "PK_TimelineEntryRevisions" PRIMARY KEY AUTOINCREMENT,
            "EntryId" INTEGER NOT NULL,
            "Kind" INTEGER NOT NULL,
            "Text" TEXT NOT NULL,
            "OccurredAt" TEXT NOT NULL,
            "IsKeyEvent" INTEGER NOT NULL,
            "Change" TEXT NOT NULL,
            "ChangedAt" TEXT NOT NULL,
            "ChangedById" TEXT NOT NULL,
            "ChangedByName" TEXT NOT NULL,
            CONSTRAINT "FK_TimelineEntryRevisions_TimelineEntries_EntryId" FOREIGN KEY ("EntryId") REFERENCES "TimelineEntries" ("Id") ON DELETE CASCADE
        );

        CREATE INDEX "IX_TimelineEntries_IncidentId_OccurredAt" ON "TimelineEntries" ("IncidentId", "OccurredAt");

        CREATE INDEX "IX_TimelineEntryRevisions_EntryId" ON "TimelineEntryRevisions" ("EntryId");
        """);

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.Sql(
        """
        DROP TABLE IF EXISTS "TimelineEntryRevisions";
        DROP TABLE IF EXISTS "TimelineEntries";
        """);
}
