using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace IncidentCenter.Data.Migrations;

/// <summary>
/// Status page: components (one per catalog service) and their status history, public incidents
/// with their published updates, and the per-stage templates (seeded at start-up, not here).
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261123000005_StatusPage")]
public sealed class AddStatusPage : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.Sql(
        """
        CREATE TABLE "StatusComponents" (
            "ServiceId" INTEGER NOT NULL CONSTRAINT "PK_StatusComponents" PRIMARY KEY,
            "PublicName" TEXT NOT NULL,
            "GroupName" TEXT NULL,
            "IsPublic" INTEGER NOT NULL,
            "SortOrder" INTEGER NOT NULL,
            "Status" INTEGER NOT NULL,
            "StatusChangedAt" TEXT NOT NULL,
            "Version" INTEGER NOT NULL,
            CONSTRAINT "FK_StatusComponents_Services_ServiceId" FOREIGN KEY ("ServiceId") REFERENCES "Services" ("Id") ON DELETE CASCADE
        );

        CREATE TABLE "StatusComponentChanges" (
            "Id" INTEGER NOT NULL CONSTRAINT "PK_StatusComponentChanges" PRIMARY KEY AUTOINCREMENT,
            "ServiceId" INTEGER NOT NULL,
            "From" INTEGER NOT NULL,
            "To" INTEGER NOT NULL,
            "At" TEXT NOT NULL,
            "IncidentId" INTEGER NULL,
            CONSTRAINT "FK_StatusComponentChanges_Services_ServiceId" FOREIGN KEY ("ServiceId") REFERENCES "Services" ("Id") ON DELETE CASCADE
        );

        CREATE TABLE "PublicIncidents" (
            "IncidentId" INTEGER NOT NULL CONSTRAINT "PK_PublicIncidents" PRIMARY KEY,
            "Title" TEXT NOT NULL,
            "Stage" INTEGER NOT NULL,
            "Impact" INTEGER NOT NULL,
            "StartedAt" TEXT NOT NULL,
            "ResolvedAt" TEXT NULL,
            "NextUpdateBy" TEXT NULL,
            "LastPublishedAt" TEXT NOT NULL,
            "Version" INTEGER NOT NULL,
            CONSTRAINT "FK_PublicIncidents_Incidents_IncidentId" FOREIGN KEY ("IncidentId") REFERENCES "Incidents" ("Id") ON DELETE CASCADE
        );

        CREATE TABLE "PublicIncidentComponents" (
            "IncidentId" INTEGER NOT NULL,
            "ServiceId" INTEGER NOT NULL,
            CONSTRAINT "PK_PublicIncidentComponents" PRIMARY KEY ("IncidentId", "ServiceId"),
            CONSTRAINT "FK_PublicIncidentComponents_PublicIncidents_IncidentId" FOREIGN KEY ("IncidentId") REFERENCES "PublicIncidents" ("IncidentId") ON DELETE CASCADE,
            CONSTRAINT "FK_PublicIncidentComponents_Services_ServiceId" FOREIGN KEY ("ServiceId") REFERENCES "Services" ("Id") ON DELETE CASCADE
        );

        CREATE TABLE "StatusUpdates" (
            "Id" INTEGER NOT NULL CONSTRAINT "PK_StatusUpdates" PRIMARY KEY AUTOINCREMENT,
            "IncidentId" INTEGER NOT NULL,
            "Stage" INTEGER NOT NULL,
            "Impact" INTEGER NOT NULL,
            "Body" TEXT NOT NULL,
            "PublishedAt" TEXT NOT NULL,
            "EffectiveAt" TEXT NOT NULL,
            "NextUpdateBy" TEXT NULL,
            "PublishedById" TEXT NOT NULL,
            "PublishedByName" TEXT NOT NULL,
            "MovedBack" INTEGER NOT NULL,
            "CorrectionOfId" INTEGER NULL,
            "SupersededAt" TEXT NULL,
            CONSTRAINT "FK_StatusUpdates_PublicIncidents_IncidentId" FOREIGN KEY ("IncidentId") REFERENCES "PublicIncidents" ("IncidentId") ON DELETE CASCADE
        );

        CREATE TABLE "StatusUpdateComponents" (
            "StatusUpdateId" INTEGER NOT NULL,
            "ServiceId" INTEGER NOT NULL,
            "Status" INTEGER NOT NULL,
            CONSTRAINT "PK_StatusUpdateComponents" PRIMARY KEY ("StatusUpdateId", "ServiceId"),
            CONSTRAINT "FK_StatusUpdateComponents_Services_ServiceId" FOREIGN KEY ("ServiceId") REFERENCES "Services" ("Id") ON DELETE CASCADE,
            CONSTRAINT "FK_StatusUpdateComponents_StatusUpdates_StatusUpdateId" FOREIGN KEY ("StatusUpdateId") REFERENCES "StatusUpdates" ("Id") ON DELETE CASCADE
        );

        CREATE TABLE "StatusTemplates" (
            "Stage" INTEGER NOT NULL CONSTRAINT "PK_StatusTemplates" PRIMARY KEY,
            "Body" TEXT NOT NULL,
            "UpdatedAt" TEXT NOT NULL,
            "UpdatedByName" TEXT NOT NULL,
            "Version" INTEGER NOT NULL
        );

        CREATE INDEX "IX_StatusComponentChanges_ServiceId_At" ON "StatusComponentChanges" ("ServiceId", "At");

        CREATE INDEX "IX_PublicIncidents_ResolvedAt_StartedAt" ON "PublicIncidents" ("ResolvedAt", "StartedAt");

        CREATE INDEX "IX_PublicIncidentComponents_ServiceId_IncidentId" ON "PublicIncidentComponents" ("ServiceId", "IncidentId");

        CREATE INDEX "IX_StatusUpdates_IncidentId_PublishedAt" ON "StatusUpdates" ("IncidentId", "PublishedAt");

        CREATE INDEX "IX_StatusUpdates_PublishedAt" ON "StatusUpdates" ("PublishedAt");

        CREATE INDEX "IX_StatusUpdateComponents_ServiceId" ON "StatusUpdateComponents" ("ServiceId");
        """);

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.Sql(
        """
        DROP TABLE IF EXISTS "StatusUpdateComponents";
        DROP TABLE IF EXISTS "StatusUpdates";
        DROP TABLE IF EXISTS "PublicIncidentComponents";
        DROP TABLE IF EXISTS "PublicIncidents";
        DROP TABLE IF EXISTS "StatusComponentChanges";
        DROP TABLE IF EXISTS "StatusComponents";
        DROP TABLE IF EXISTS "StatusTemplates";
        """);
}
