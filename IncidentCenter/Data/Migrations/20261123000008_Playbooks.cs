using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace IncidentCenter.Data.Migrations;

/// <summary>
/// Playbooks: checklist templates and the checklists copied onto incidents, runbooks with their revisions,
/// and a kind on action items (existing rows stay follow-ups; tasks are new). The default checklists and
/// runbooks are seeded at start-up (DatabaseStartup), not here.
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261123000008_Playbooks")]
public sealed class AddPlaybooks : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.Sql(
        """
        CREATE TABLE "ChecklistTemplates" (
            "Id" INTEGER NOT NULL CONSTRAINT "PK_ChecklistTemplates" PRIMARY KEY AUTOINCREMENT,
            "Name" TEXT COLLATE NOCASE NOT NULL,
            "Description" TEXT NOT NULL,
            "Severities" INTEGER NOT NULL,
            "UpdatedAt" TEXT NOT NULL,
            "UpdatedByName" TEXT NOT NULL,
            "Version" INTEGER NOT NULL
        );

        CREATE TABLE "ChecklistTemplateItems" (
            "Id" INTEGER NOT NULL CONSTRAINT "PK_ChecklistTemplateItems" PRIMARY KEY AUTOINCREMENT,
            "TemplateId" INTEGER NOT NULL,
            "Position" INTEGER NOT NULL,
            "Text" TEXT NOT NULL,
            CONSTRAINT "FK_ChecklistTemplateItems_ChecklistTemplates_TemplateId" FOREIGN KEY ("TemplateId") REFERENCES "ChecklistTemplates" ("Id") ON DELETE CASCADE
        );

        CREATE TABLE "ChecklistTemplateServices" (
            "TemplateId" INTEGER NOT NULL,
            "ServiceId" INTEGER NOT NULL,
            CONSTRAINT "PK_ChecklistTemplateServices" PRIMARY KEY ("TemplateId", "ServiceId"),
            CONSTRAINT "FK_ChecklistTemplateServices_ChecklistTemplates_TemplateId" FOREIGN KEY ("TemplateId") REFERENCES "ChecklistTemplates" ("Id") ON DELETE CASCADE,
            CONSTRAINT "FK_ChecklistTemplateServices_Services_ServiceId" FOREIGN KEY ("ServiceId") REFERENCES "Services" ("Id") ON DELETE CASCADE
        );

        CREATE TABLE "IncidentChecklists" (
            "Id" INTEGER NOT NULL CONSTRAINT "PK_IncidentChecklists" PRIMARY KEY AUTOINCREMENT,
            "IncidentId" INTEGER NOT NULL,
            "TemplateId" INTEGER NULL,
            "Name" TEXT NOT NULL,
            "AttachedAt" TEXT NOT NULL,
            "AttachedByName" TEXT NOT NULL,
            CONSTRAINT "FK_IncidentChecklists_Incidents_IncidentId" FOREIGN KEY ("IncidentId") REFERENCES "Incidents" ("Id") ON DELETE CASCADE,
            CONSTRAINT "FK_IncidentChecklists_ChecklistTemplates_TemplateId" FOREIGN KEY ("TemplateId") REFERENCES "ChecklistTemplates" ("Id") ON DELETE SET NULL
        );

        CREATE TABLE "IncidentChecklistItems" (
            "Id" INTEGER NOT NULL CONSTRAINT "PK_IncidentChecklistItems" PRIMARY KEY AUTOINCREMENT,
            "ChecklistId" INTEGER NOT NULL,
            "Position" INTEGER NOT NULL,
            "Text" TEXT NOT NULL,
            "IsChecked" INTEGER NOT NULL,
            "CheckedAt" TEXT NULL,
            "CheckedById" TEXT NULL,
            "CheckedByName" TEXT NULL,
            "Version" INTEGER NOT NULL,
            CONSTRAINT "FK_IncidentChecklistItems_IncidentChecklists_ChecklistId" FOREIGN KEY ("ChecklistId") REFERENCES "IncidentChecklists" ("Id") ON DELETE CASCADE
        );

        CREATE TABLE "Runbooks" (
            "Id" INTEGER NOT NULL CONSTRAINT "PK_Runbooks" PRIMARY KEY AUTOINCREMENT,
            "Title" TEXT COLLATE NOCASE NOT NULL,
            "Keywords" TEXT NOT NULL,
            "Body" TEXT NOT NULL,
            "CreatedAt" TEXT NOT NULL,
            "UpdatedAt" TEXT NOT NULL,
            "UpdatedByName" TEXT NOT NULL,
            "Version" INTEGER NOT NULL
        );

        CREATE TABLE "RunbookServices" (
            "RunbookId" INTEGER NOT NULL,
            "ServiceId" INTEGER NOT NULL,
            CONSTRAINT "PK_RunbookServices" PRIMARY KEY ("RunbookId", "ServiceId"),
            CONSTRAINT "FK_RunbookServices_Runbooks_RunbookId" FOREIGN KEY ("RunbookId") REFERENCES "Runbooks" ("Id") ON DELETE CASCADE,
            CONSTRAINT "FK_RunbookServices_Services_ServiceId" FOREIGN KEY ("ServiceId") REFERENCES "Services" ("Id") ON DELETE CASCADE
        );

        CREATE TABLE "RunbookRevisions" (
            "Id" INTEGER NOT NULL CONSTRAINT "PK_RunbookRevisions" PRIMARY KEY AUTOINCREMENT,
            "RunbookId" INTEGER NOT NULL,
            "Number" INTEGER NOT NULL,
            "Title" TEXT NOT NULL,
            "Keywords" TEXT NOT NULL,
            "Body" TEXT NOT NULL,
            "SavedAt" TEXT NOT NULL,
            "SavedById" TEXT NOT NULL,
            "SavedByName" TEXT NOT NULL,
            "Reason" TEXT NOT NULL,
            CONSTRAINT "FK_RunbookRevisions_Runbooks_RunbookId" FOREIGN KEY ("RunbookId") REFERENCES "Runbooks" ("Id") ON DELETE CASCADE
        );

        ALTER TABLE "ActionItems" ADD COLUMN "Kind" INTEGER NOT NULL DEFAULT 0;

        CREATE UNIQUE INDEX "IX_ChecklistTemplates_Name" ON "ChecklistTemplates" ("Name");

        CREATE INDEX "IX_ChecklistTemplateItems_TemplateId_Position" ON "ChecklistTemplateItems" ("TemplateId", "Position");

        CREATE INDEX "IX_ChecklistTemplateServices_ServiceId" ON "ChecklistTemplateServices" ("ServiceId");

        CREATE UNIQUE INDEX "IX_IncidentChecklists_IncidentId_TemplateId" ON "IncidentChecklists" ("IncidentId", "TemplateId");

        CREATE INDEX "IX_IncidentChecklists_TemplateId" ON "IncidentChecklists" ("TemplateId");

        CREATE INDEX "IX_IncidentChecklistItems_ChecklistId_Position" ON "IncidentChecklistItems" ("ChecklistId", "Position");

        CREATE UNIQUE INDEX "IX_Runbooks_Title" ON "Runbooks" ("Title");

        CREATE INDEX "IX_RunbookServices_ServiceId" ON "RunbookServices" ("ServiceId");

        CREATE UNIQUE INDEX "IX_RunbookRevisions_RunbookId_Number" ON "RunbookRevisions" ("RunbookId", "Number");
        """);

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.Sql(
        """
        ALTER TABLE "ActionItems" DROP COLUMN "Kind";
        DROP TABLE IF EXISTS "RunbookRevisions";
        DROP TABLE IF EXISTS "RunbookServices";
        DROP TABLE IF EXISTS "Runbooks";
        DROP TABLE IF EXISTS "IncidentChecklistItems";
        DROP TABLE IF EXISTS "IncidentChecklists";
        DROP TABLE IF EXISTS "ChecklistTemplateServices";
        DROP TABLE IF EXISTS "ChecklistTemplateItems";
        DROP TABLE IF EXISTS "ChecklistTemplates";
        """);
}
