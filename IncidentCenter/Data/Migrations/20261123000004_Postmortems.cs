using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace IncidentCenter.Data.Migrations;

/// <summary>
/// Post-mortems: templates and the default per severity, one post-mortem per incident with its
/// revisions, and action items. The default templates are seeded at start-up (DatabaseStartup), not here.
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261123000004_Postmortems")]
public sealed class AddPostmortems : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.Sql(
        """
        CREATE TABLE "PostmortemTemplates" (
            "Id" INTEGER NOT NULL CONSTRAINT "PK_PostmortemTemplates" PRIMARY KEY AUTOINCREMENT,
            "Name" TEXT COLLATE NOCASE NOT NULL,
            "Body" TEXT NOT NULL,
            "UpdatedAt" TEXT NOT NULL,
            "UpdatedByName" TEXT NOT NULL,
            "Version" INTEGER NOT NULL
        );

        CREATE TABLE "PostmortemTemplateDefaults" (
            "Severity" INTEGER NOT NULL CONSTRAINT "PK_PostmortemTemplateDefaults" PRIMARY KEY,
            "TemplateId" INTEGER NOT NULL,
            CONSTRAINT "FK_PostmortemTemplateDefaults_PostmortemTemplates_TemplateId" FOREIGN KEY ("TemplateId") REFERENCES "PostmortemTemplates" ("Id") ON DELETE CASCADE
        );

        CREATE TABLE "Postmortems" (
            "Id" INTEGER NOT NULL CONSTRAINT "PK_Postmortems" PRIMARY KEY AUTOINCREMENT,
            "IncidentId" INTEGER NOT NULL,
            "TemplateId" INTEGER NOT NULL,
            "State" INTEGER NOT NULL,
            "Markdown" TEXT NOT NULL,
            "Version" INTEGER NOT NULL,
            "CreatedAt" TEXT NOT NULL,
            "UpdatedAt" TEXT NOT NULL,
            "UpdatedByName" TEXT NOT NULL,
            "DueAt" TEXT NULL,
            "ReviewRequestedAt" TEXT NULL,
            "PublishedAt" TEXT NULL,
            CONSTRAINT "FK_Postmortems_Incidents_IncidentId" FOREIGN KEY ("IncidentId") REFERENCES "Incidents" ("Id") ON DELETE CASCADE,
            CONSTRAINT "FK_Postmortems_PostmortemTemplates_TemplateId" FOREIGN KEY ("TemplateId") REFERENCES "PostmortemTemplates" ("Id") ON DELETE RESTRICT
        );

        CREATE TABLE "PostmortemRevisions" (
            "Id" INTEGER NOT NULL CONSTRAINT "PK_PostmortemRevisions" PRIMARY KEY AUTOINCREMENT,
            "PostmortemId" INTEGER NOT NULL,
            "Number" INTEGER NOT NULL,
            "Markdown" TEXT NOT NULL,
            "SavedAt" TEXT NOT NULL,
            "SavedById" TEXT NOT NULL,
            "SavedByName" TEXT NOT NULL,
            "Reason" TEXT NOT NULL,
            CONSTRAINT "FK_PostmortemRevisions_Postmortems_PostmortemId" FOREIGN KEY ("PostmortemId") REFERENCES "Postmortems" ("Id") ON DELETE CASCADE
        );

        CREATE TABLE "ActionItems" (
            "Id" INTEGER NOT NULL CONSTRAINT "PK_ActionItems" PRIMARY KEY AUTOINCREMENT,
            "IncidentId" INTEGER NOT NULL,
            "Title" TEXT NOT NULL,
            "OwnerId" TEXT NULL,
            "OwnerName" TEXT NULL,
            "DueDate" TEXT NULL,
            "State" INTEGER NOT NULL,
            "CreatedAt" TEXT NOT NULL,
            "Version" INTEGER NOT NULL,
            CONSTRAINT "FK_ActionItems_Incidents_IncidentId" FOREIGN KEY ("IncidentId") REFERENCES "Incidents" ("Id") ON DELETE CASCADE
        );

        CREATE UNIQUE INDEX "IX_PostmortemTemplates_Name" ON "PostmortemTemplates" ("Name");

        CREATE INDEX "IX_PostmortemTemplateDefaults_TemplateId" ON "PostmortemTemplateDefaults" ("TemplateId");

        CREATE UNIQUE INDEX "IX_Postmortems_IncidentId" ON "Postmortems" ("IncidentId");

        CREATE INDEX "IX_Postmortems_State_IncidentId" ON "Postmortems" ("State", "IncidentId");

        CREATE INDEX "IX_Postmortems_TemplateId" ON "Postmortems" ("TemplateId");

        CREATE UNIQUE INDEX "IX_PostmortemRevisions_PostmortemId_Number" ON "PostmortemRevisions" ("PostmortemId", "Number");

        CREATE INDEX "IX_ActionItems_IncidentId" ON "ActionItems" ("IncidentId");

        CREATE INDEX "IX_ActionItems_State_DueDate" ON "ActionItems" ("State", "DueDate");
        """);

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.Sql(
        """
        DROP TABLE IF EXISTS "ActionItems";
        DROP TABLE IF EXISTS "PostmortemRevisions";
        DROP TABLE IF EXISTS "Postmortems";
        DROP TABLE IF EXISTS "PostmortemTemplateDefaults";
        DROP TABLE IF EXISTS "PostmortemTemplates";
        """);
}
