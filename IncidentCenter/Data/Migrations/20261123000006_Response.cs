using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace IncidentCenter.Data.Migrations;

/// <summary>
/// Response process: the Admin-editable severity policy and escalation levels (seeded here with the
/// defaults of SeverityPolicy.Defaults and ResponseDefaults), and per incident its acknowledgement,
/// the targets it missed and the escalation levels it reached.
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261123000006_Response")]
public sealed class AddResponse : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.Sql(
        """
        CREATE TABLE "SeverityPolicies" (
            "Severity" INTEGER NOT NULL CONSTRAINT "PK_SeverityPolicies" PRIMARY KEY,
            "AcknowledgeMinutes" INTEGER NOT NULL,
            "TriageMinutes" INTEGER NULL,
            "ResolveMinutes" INTEGER NOT NULL,
            "UpdateEveryMinutes" INTEGER NOT NULL,
            "PostmortemRequired" INTEGER NOT NULL,
            "EscalateLevel2Minutes" INTEGER NULL,
            "EscalateLevel3Minutes" INTEGER NULL,
            "EscalateLevel4Minutes" INTEGER NULL,
            "UpdatedAt" TEXT NOT NULL,
            "UpdatedByName" TEXT NOT NULL,
            "Version" INTEGER NOT NULL
        );

        CREATE TABLE "EscalationLevels" (
            "Level" INTEGER NOT NULL CONSTRAINT "PK_EscalationLevels" PRIMARY KEY,
            "Name" TEXT NOT NULL,
            "Contact" TEXT NOT NULL,
            "UpdatedAt" TEXT NOT NULL,
            "UpdatedByName" TEXT NOT NULL,
            "Version" INTEGER NOT NULL
        );

        CREATE TABLE "IncidentResponses" (
            "IncidentId" INTEGER NOT NULL CONSTRAINT "PK_IncidentResponses" PRIMARY KEY,
            "AwaitingAcknowledgement" INTEGER NOT NULL,
            "AcknowledgedAt" TEXT NULL,
            "AcknowledgedById" TEXT NULL,
            "AcknowledgedByName" TEXT NULL,
            CONSTRAINT "FK_IncidentResponses_Incidents_IncidentId" FOREIGN KEY ("IncidentId") REFERENCES "Incidents" ("Id") ON DELETE CASCADE
        );

        CREATE TABLE "ResponseBreaches" (
            "Id" INTEGER NOT NULL CONSTRAINT "PK_ResponseBreaches" PRIMARY KEY AUTOINCREMENT,
            "IncidentId" INTEGER NOT NULL,
            "Target" INTEGER NOT NULL,
            "Severity" INTEGER NOT NULL,
            "DueAt" TEXT NOT NULL,
            "RecordedAt" TEXT NOT NULL,
            CONSTRAINT "FK_ResponseBreaches_Incidents_IncidentId" FOREIGN KEY ("IncidentId") REFERENCES "Incidents" ("Id") ON DELETE CASCADE
        );

        CREATE TABLE "IncidentEscalations" (
            "Id" INTEGER NOT NULL CONSTRAINT "PK_IncidentEscalations" PRIMARY KEY AUTOINCREMENT,
            "IncidentId" INTEGER NOT NULL,
            "Level" INTEGER NOT NULL,
            "At" TEXT NOT NULL,
            "Automatic" INTEGER NOT NULL,
            "ByUserId" TEXT NOT NULL,
            "ByName" TEXT NOT NULL,
            "Reason" TEXT NULL,
            CONSTRAINT "FK_IncidentEscalations_Incidents_IncidentId" FOREIGN KEY ("IncidentId") REFERENCES "Incidents" ("Id") ON DELETE CASCADE
        );

        CREATE UNIQUE INDEX "IX_ResponseBreaches_IncidentId_Target" ON "ResponseBreaches" ("IncidentId", "Target");

        CREATE UNIQUE INDEX "IX_IncidentEscalations_IncidentId_Level" ON "IncidentEscalations" ("IncidentId", "Level");

        INSERT INTO "SeverityPolicies" ("Severity", "AcknowledgeMinutes", "TriageMinutes", "ResolveMinutes", "UpdateEveryMinutes",
            "PostmortemRequired", "EscalateLevel2Minutes", "EscalateLevel3Minutes", "EscalateLevel4Minutes", "UpdatedAt", "UpdatedByName", "Version")
        VALUES
            (1, 5, 15, 240, 15, 1, 30, 60, 120, '2026-11-23 00:00:00', 'Defaults', 0),
            (2, 15, 30, 480, 30, 1, 60, 120, NULL, '2026-11-23 00:00:00', 'Defaults', 0),
            (3, 60, 120, 4320, 120, 0, 240, NULL, NULL, '2026-11-23 00:00:00', 'Defaults', 0),
            (4, 240, NULL, 20160, 1440, 0, NULL, NULL, NULL, '2026-11-23 00:00:00', 'Defaults', 0);

        INSERT INTO "EscalationLevels" ("Level", "Name", "Contact", "UpdatedAt", "UpdatedByName", "Version")
        VALUES
            (1, 'On-call engineer', 'Whoever holds the on-call rota for the affected service', '2026-11-23 00:00:00', 'Defaults', 0),
            (2, 'Team lead or senior engineer', 'Lead of the team that owns the affected service', '2026-11-23 00:00:00', 'Defaults', 0),
            (3, 'Engineering manager', 'Engineering manager on duty', '2026-11-23 00:00:00', 'Defaults', 0),
            (4, 'CTO / VP Engineering', 'CTO or VP Engineering', '2026-11-23 00:00:00', 'Defaults', 0);
        """);

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.Sql(
        """
        DROP TABLE IF EXISTS "IncidentEscalations";
        DROP TABLE IF EXISTS "ResponseBreaches";
        DROP TABLE IF EXISTS "IncidentResponses";
        DROP TABLE IF EXISTS "EscalationLevels";
        DROP TABLE IF EXISTS "SeverityPolicies";
        """);
}
