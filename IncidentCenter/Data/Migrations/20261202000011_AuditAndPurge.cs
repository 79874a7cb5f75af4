using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace IncidentCenter.Data.Migrations;

/// <summary>
/// The append-only audit log (triggers refuse UPDATE and DELETE on it, whoever asks), and the
/// purge marks on timeline entries and their revisions (who purged, when, why; the content is gone).
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261202000011_AuditAndPurge")]
public sealed class AddAuditAndPurge : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.Sql(
        """
        CREATE TABLE "AuditEntries" (
            "Id" INTEGER NOT NULL CONSTRAINT "PK_AuditEntries" PRIMARY KEY AUTOINCREMENT,
            "At" TEXT NOT NULL,
            "ActorId" TEXT NULL,
            "ActorName" TEXT NOT NULL,
            "Action" TEXT NOT NULL,
            "Summary" TEXT NOT NULL,
            "ClientAddress" TEXT NULL
        );

        CREATE INDEX "IX_AuditEntries_At" ON "AuditEntries" ("At");

        CREATE INDEX "IX_AuditEntries_Action_At" ON "AuditEntries" ("Action", "At");

        CREATE TRIGGER "AuditEntries_NoUpdate" BEFORE UPDATE ON "AuditEntries"
        BEGIN SELECT RAISE(ABORT, 'The audit log is append-only.'); END;

        CREATE TRIGGER "AuditEntries_NoDelete" BEFORE DELETE ON "AuditEntries"
        BEGIN SELECT RAISE(ABORT, 'The audit log is append-only.'); END;

        ALTER TABLE "TimelineEntries" ADD COLUMN "PurgedAt" TEXT NULL;
        ALTER TABLE "TimelineEntries" ADD COLUMN "PurgedById" TEXT NULL;
        ALTER TABLE "TimelineEntries" ADD COLUMN "PurgedByName" TEXT NULL;
        ALTER TABLE "TimelineEntries" ADD COLUMN "PurgeReason" TEXT NULL;

        ALTER TABLE "TimelineEntryRevisions" ADD COLUMN "PurgedAt" TEXT NULL;
        ALTER TABLE "TimelineEntryRevisions" ADD COLUMN "PurgedById" TEXT NULL;
        ALTER TABLE "TimelineEntryRevisions" ADD COLUMN "PurgedByName" TEXT NULL;
        ALTER TABLE "TimelineEntryRevisions" ADD COLUMN "PurgeReason" TEXT NULL;
        """);

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.Sql(
        """
        ALTER TABLE "TimelineEntryRevisions" DROP COLUMN "PurgeReason";
        ALTER TABLE "TimelineEntryRevisions" DROP COLUMN "PurgedByName";
        ALTER TABLE "TimelineEntryRevisions" DROP COLUMN "PurgedById";
        ALTER TABLE "TimelineEntryRevisions" DROP COLUMN "PurgedAt";
        ALTER TABLE "TimelineEntries" DROP COLUMN "PurgeReason";
        ALTER TABLE "TimelineEntries" DROP COLUMN "PurgedByName";
        ALTER TABLE "TimelineEntries" DROP COLUMN "PurgedById";
        ALTER TABLE "TimelineEntries" DROP COLUMN "PurgedAt";
        DROP TABLE IF EXISTS "AuditEntries";
        """);
}
