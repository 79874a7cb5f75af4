using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace IncidentCenter.Data.Migrations;

/// <summary>
/// Webhook notifications (webhooks, the outbox of process events, deliveries and their attempts)
/// and alert intake (API tokens, stored hashed, and the alert fingerprint → incident links).
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261123000007_Notifications")]
public sealed class AddNotifications : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.Sql(
        """
        CREATE TABLE "Webhooks" (
            "Id" INTEGER NOT NULL CONSTRAINT "PK_Webhooks" PRIMARY KEY AUTOINCREMENT,
            "Name" TEXT COLLATE NOCASE NOT NULL,
            "Url" TEXT NOT NULL,
            "Format" INTEGER NOT NULL,
            "EventMask" INTEGER NOT NULL,
            "Secret" TEXT NULL,
            "IsEnabled" INTEGER NOT NULL,
            "CreatedAt" TEXT NOT NULL,
            "UpdatedAt" TEXT NOT NULL,
            "UpdatedByName" TEXT NOT NULL,
            "Version" INTEGER NOT NULL
        );

        CREATE TABLE "OutboxEvents" (
            "Id" INTEGER NOT NULL CONSTRAINT "PK_OutboxEvents" PRIMARY KEY AUTOINCREMENT,
            "Kind" INTEGER NULL,
            "IncidentId" INTEGER NULL,
            "Payload" TEXT NOT NULL,
            "CreatedAt" TEXT NOT NULL,
            "DispatchedAt" TEXT NULL,
            CONSTRAINT "FK_OutboxEvents_Incidents_IncidentId" FOREIGN KEY ("IncidentId") REFERENCES "Incidents" ("Id")
        );

        CREATE TABLE "WebhookDeliveries" (
            "Id" INTEGER NOT NULL CONSTRAINT "PK_WebhookDeliveries" PRIMARY KEY AUTOINCREMENT,
            "WebhookId" INTEGER NOT NULL,
            "EventId" INTEGER NOT NULL,
            "State" INTEGER NOT NULL,
            "AttemptCount" INTEGER NOT NULL,
            "CreatedAt" TEXT NOT NULL,
            "NextAttemptAt" TEXT NULL,
            "LastAttemptAt" TEXT NULL,
            "LastStatusCode" INTEGER NULL,
            "LastError" TEXT NULL,
            CONSTRAINT "FK_WebhookDeliveries_OutboxEvents_EventId" FOREIGN KEY ("EventId") REFERENCES "OutboxEvents" ("Id") ON DELETE CASCADE,
            CONSTRAINT "FK_WebhookDeliveries_Webhooks_WebhookId" FOREIGN KEY ("WebhookId") REFERENCES "Webhooks" ("Id") ON DELETE CASCADE
        );

        CREATE TABLE "WebhookAttempts" (
            "Id" INTEGER NOT NULL CONSTRAINT "PK_WebhookAttempts" PRIMARY KEY AUTOINCREMENT,
            "DeliveryId" INTEGER NOT NULL,
            "Number" INTEGER NOT NULL,
            "At" TEXT NOT NULL,
            "StatusCode" INTEGER NULL,
            "Error" TEXT NULL,
            "DurationMs" INTEGER NOT NULL,
            CONSTRAINT "FK_WebhookAttempts_WebhookDeliveries_DeliveryId" FOREIGN KEY ("DeliveryId") REFERENCES "WebhookDeliveries" ("Id") ON DELETE CASCADE
        );

        CREATE TABLE "ApiTokens" (
            "Id" INTEGER NOT NULL CONSTRAINT "PK_ApiTokens" PRIMARY KEY AUTOINCREMENT,
            "Name" TEXT NOT NULL,
            "TokenHash" TEXT NOT NULL,
            "Prefix" TEXT NOT NULL,
            "CreatedAt" TEXT NOT NULL,
            "CreatedByName" TEXT NOT NULL,
            "LastUsedAt" TEXT NULL,
            "RevokedAt" TEXT NULL,
            "RevokedByName" TEXT NULL
        );

        CREATE TABLE "AlertLinks" (
            "Id" INTEGER NOT NULL CONSTRAINT "PK_AlertLinks" PRIMARY KEY AUTOINCREMENT,
            "Fingerprint" TEXT NOT NULL,
            "IncidentId" INTEGER NOT NULL,
            "Source" TEXT NOT NULL,
            "AlertName" TEXT NOT NULL,
            "IsFiring" INTEGER NOT NULL,
            "FirstSeenAt" TEXT NOT NULL,
            "LastSeenAt" TEXT NOT NULL,
            "ResolvedAt" TEXT NULL,
            "RepeatCount" INTEGER NOT NULL,
            CONSTRAINT "FK_AlertLinks_Incidents_IncidentId" FOREIGN KEY ("IncidentId") REFERENCES "Incidents" ("Id") ON DELETE CASCADE
        );

        CREATE UNIQUE INDEX "IX_Webhooks_Name" ON "Webhooks" ("Name");

        CREATE INDEX "IX_OutboxEvents_DispatchedAt_Id" ON "OutboxEvents" ("DispatchedAt", "Id");

        CREATE INDEX "IX_OutboxEvents_IncidentId" ON "OutboxEvents" ("IncidentId");

        CREATE UNIQUE INDEX "IX_WebhookDeliveries_EventId_WebhookId" ON "WebhookDeliveries" ("EventId", "WebhookId");

        CREATE INDEX "IX_WebhookDeliveries_State_NextAttemptAt" ON "WebhookDeliveries" ("State", "NextAttemptAt");

        CREATE INDEX "IX_WebhookDeliveries_WebhookId_CreatedAt" ON "WebhookDeliveries" ("WebhookId", "CreatedAt");

        CREATE INDEX "IX_WebhookAttempts_DeliveryId_Number" ON "WebhookAttempts" ("DeliveryId", "Number");

        CREATE UNIQUE INDEX "IX_ApiTokens_TokenHash" ON "ApiTokens" ("TokenHash");

        CREATE UNIQUE INDEX "IX_AlertLinks_Fingerprint_IncidentId" ON "AlertLinks" ("Fingerprint", "IncidentId");

        CREATE INDEX "IX_AlertLinks_IncidentId" ON "AlertLinks" ("IncidentId");
        """);

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.Sql(
        """
        DROP TABLE IF EXISTS "AlertLinks";
        DROP TABLE IF EXISTS "ApiTokens";
        DROP TABLE IF EXISTS "WebhookAttempts";
        DROP TABLE IF EXISTS "WebhookDeliveries";
        DROP TABLE IF EXISTS "OutboxEvents";
        DROP TABLE IF EXISTS "Webhooks";
        """);
}
