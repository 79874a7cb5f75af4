using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace IncidentCenter.Data.Migrations;

/// <summary>Accounts (Identity), services and incidents with their roles and state and severity history.</summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261123000001_Initial")]
public sealed class Initial : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.Sql(
        """
        CREATE TABLE "AspNetRoles" (
            "Id" TEXT NOT NULL CONSTRAINT "PK_AspNetRoles" PRIMARY KEY,
            "Name" TEXT NULL,
            "NormalizedName" TEXT NULL,
            "ConcurrencyStamp" TEXT NULL
        );

        CREATE TABLE "AspNetUsers" (
            "Id" TEXT NOT NULL CONSTRAINT "PK_AspNetUsers" PRIMARY KEY,
            "DisplayName" TEXT NOT NULL,
            "UserName" TEXT NULL,
            "NormalizedUserName" TEXT NULL,
            "Email" TEXT NULL,
            "NormalizedEmail" TEXT NULL,
            "EmailConfirmed" INTEGER NOT NULL,
            "PasswordHash" TEXT NULL,
            "SecurityStamp" TEXT NULL,
            "ConcurrencyStamp" TEXT NULL,
            "PhoneNumber" TEXT NULL,
            "PhoneNumberConfirmed" INTEGER NOT NULL,
            "TwoFactorEnabled" INTEGER NOT NULL,
            "LockoutEnd" TEXT NULL,
            "LockoutEnabled" INTEGER NOT NULL,
            "AccessFailedCount" INTEGER NOT NULL
        );

        CREATE TABLE "Incidents" (
            "Id" INTEGER NOT NULL CONSTRAINT "PK_Incidents" PRIMARY KEY AUTOINCREMENT,
            "Title" TEXT NOT NULL,
            "Description" TEXT NOT NULL,
            "Severity" INTEGER NOT NULL,
            "State" INTEGER NOT NULL,
            "IsOpen" INTEGER NOT NULL,
            "DetectedAt" TEXT NOT NULL,
            "DeclaredAt" TEXT NOT NULL,
            "StateChangedAt" TEXT NOT NULL,
            "ResolvedAt" TEXT NULL,
            "ClosedAt" TEXT NULL,
            "DeclaredById" TEXT NOT NULL,
            "CommanderId" TEXT NOT NULL,
            "CommanderName" TEXT NOT NULL,
            "Version" INTEGER NOT NULL
        );

        CREATE TABLE "Services" (
            "Id" INTEGER NOT NULL CONSTRAINT "PK_Services" PRIMARY KEY AUTOINCREMENT,
            "Name" TEXT COLLATE NOCASE NOT NULL,
            "Description" TEXT NULL,
            "CreatedAt" TEXT NOT NULL
        );

        CREATE TABLE "AspNetRoleClaims" (
            "Id" INTEGER NOT NULL CONSTRAINT "PK_AspNetRoleClaims" PRIMARY KEY AUTOINCREMENT,
            "RoleId" TEXT NOT NULL,
            "ClaimType" TEXT NULL,
            "ClaimValue" TEXT NULL,
            CONSTRAINT "FK_AspNetRoleClaims_AspNetRoles_RoleId" FOREIGN KEY ("RoleId") REFERENCES "AspNetRoles" ("Id") ON DELETE CASCADE
        );

        CREATE TABLE "AspNetUserClaims" (
            "Id" INTEGER NOT NULL CONSTRAINT "PK_AspNetUserClaims" PRIMARY KEY AUTOINCREMENT,
            "UserId" TEXT NOT NULL,
            "ClaimType" TEXT NULL,
            "ClaimValue" TEXT NULL,
            CONSTRAINT "FK_AspNetUserClaims_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
        );

        CREATE TABLE "AspNetUserLogins" (
            "LoginProvider" TEXT NOT NULL,
            "ProviderKey" TEXT NOT NULL,
            "ProviderDisplayName" TEXT NULL,
            "UserId" TEXT NOT NULL,
            CONSTRAINT "PK_AspNetUserLogins" PRIMARY KEY ("LoginProvider", "ProviderKey"),
            CONSTRAINT "FK_AspNetUserLogins_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
        );

        CREATE TABLE "AspNetUserRoles" (
            "UserId" TEXT NOT NULL,
            "RoleId" TEXT NOT NULL,
            CONSTRAINT "PK_AspNetUserRoles" PRIMARY KEY ("UserId", "RoleId"),
            CONSTRAINT "FK_AspNetUserRoles_AspNetRoles_RoleId" FOREIGN KEY ("RoleId") REFERENCES "AspNetRoles" ("Id") ON DELETE CASCADE,
            CONSTRAINT "FK_AspNetUserRoles_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
        );

        CREATE TABLE "AspNetUserTokens" (
            "UserId" TEXT NOT NULL,
            "LoginProvider" TEXT NOT NULL,
            "Name" TEXT NOT NULL,
            "Value" TEXT NULL,
            CONSTRAINT "PK_AspNetUserTokens" PRIMARY KEY ("UserId", "LoginProvider", "Name"),
            CONSTRAINT "FK_AspNetUserTokens_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
        );

        CREATE TABLE "IncidentRoles" (
            "Id" INTEGER NOT NULL CONSTRAINT "PK_IncidentRoles" PRIMARY KEY AUTOINCREMENT,
            "IncidentId" INTEGER NOT NULL,
            "Role" INTEGER NOT NULL,
            "UserId" TEXT NOT NULL,
            "UserName" TEXT NOT NULL,
            "AssignedAt" TEXT NOT NULL,
            CONSTRAINT "FK_IncidentRoles_Incidents_IncidentId" FOREIGN KEY ("IncidentId") REFERENCES "Incidents" ("Id") ON DELETE CASCADE
        );

        CREATE TABLE "IncidentSeverityChanges" (
            "Id" INTEGER NOT NULL CONSTRAINT "PK_IncidentSeverityChanges" PRIMARY KEY AUTOINCREMENT,
            "IncidentId" INTEGER NOT NULL,
            "From" INTEGER NULL,
            "To" INTEGER NOT NULL,
            "At" TEXT NOT NULL,
            "ByUserId" TEXT NOT NULL,
            "Reason" TEXT NULL,
            CONSTRAINT "FK_IncidentSeverityChanges_Incidents_IncidentId" FOREIGN KEY ("IncidentId") REFERENCES "Incidents" ("Id") ON DELETE CASCADE
        );

        CREATE TABLE "IncidentStateChanges" (
            "Id" INTEGER NOT NULL CONSTRAINT "PK_IncidentStateChanges" PRIMARY KEY AUTOINCREMENT,
            "IncidentId" INTEGER NOT NULL,
            "From" INTEGER NULL,
            "To" INTEGER NOT NULL,
            "At" TEXT NOT NULL,
            "ByUserId" TEXT NOT NULL,
            "Reason" TEXT NULL,
            CONSTRAINT "FK_IncidentStateChanges_Incidents_IncidentId" FOREIGN KEY ("IncidentId") REFERENCES "Incidents" ("Id") ON DELETE CASCADE
        );

        CREATE TABLE "IncidentServices" (
            "IncidentId" INTEGER NOT NULL,
            "ServiceId" INTEGER NOT NULL,
            CONSTRAINT "PK_IncidentServices" PRIMARY KEY ("IncidentId", "ServiceId"),
            CONSTRAINT "FK_IncidentServices_Incidents_IncidentId" FOREIGN KEY ("IncidentId") REFERENCES "Incidents" ("Id") ON DELETE CASCADE,
            CONSTRAINT "FK_IncidentServices_Services_ServiceId" FOREIGN KEY ("ServiceId") REFERENCES "Services" ("Id") ON DELETE CASCADE
        );

        CREATE INDEX "IX_AspNetRoleClaims_RoleId" ON "AspNetRoleClaims" ("RoleId");

        CREATE UNIQUE INDEX "RoleNameIndex" ON "AspNetRoles" ("NormalizedName");

        CREATE INDEX "IX_AspNetUserClaims_UserId" ON "AspNetUserClaims" ("UserId");

        CREATE INDEX "IX_AspNetUserLogins_UserId" ON "AspNetUserLogins" ("UserId");

        CREATE INDEX "IX_AspNetUserRoles_RoleId" ON "AspNetUserRoles" ("RoleId");

        CREATE INDEX "EmailIndex" ON "AspNetUsers" ("NormalizedEmail");

        CREATE UNIQUE INDEX "UserNameIndex" ON "AspNetUsers" ("NormalizedUserName");

        CREATE INDEX "IX_IncidentRoles_IncidentId_Role" ON "IncidentRoles" ("IncidentId", "Role");

        CREATE INDEX "IX_Incidents_IsOpen_DeclaredAt" ON "Incidents" ("IsOpen", "DeclaredAt");

        CREATE INDEX "IX_Incidents_Severity_DeclaredAt" ON "Incidents" ("Severity", "DeclaredAt");

        CREATE INDEX "IX_Incidents_State_DeclaredAt" ON "Incidents" ("State", "DeclaredAt");

        CREATE INDEX "IX_IncidentServices_ServiceId_IncidentId" ON "IncidentServices" ("ServiceId", "IncidentId");

        CREATE INDEX "IX_IncidentSeverityChanges_IncidentId_At" ON "IncidentSeverityChanges" ("IncidentId", "At");

        CREATE INDEX "IX_IncidentStateChanges_IncidentId_At" ON "IncidentStateChanges" ("IncidentId", "At");

        CREATE UNIQUE INDEX "IX_Services_Name" ON "Services" ("Name");
        """);

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.Sql(
        """
        DROP TABLE IF EXISTS "IncidentServices";
        DROP TABLE IF EXISTS "IncidentStateChanges";
        DROP TABLE IF EXISTS "IncidentSeverityChanges";
        DROP TABLE IF EXISTS "IncidentRoles";
        DROP TABLE IF EXISTS "AspNetUserTokens";
        DROP TABLE IF EXISTS "AspNetUserRoles";
        DROP TABLE IF EXISTS "AspNetUserLogins";
        DROP TABLE IF EXISTS "AspNetUserClaims";
        DROP TABLE IF EXISTS "AspNetRoleClaims";
        DROP TABLE IF EXISTS "Services";
        DROP TABLE IF EXISTS "Incidents";
        DROP TABLE IF EXISTS "AspNetUsers";
        DROP TABLE IF EXISTS "AspNetRoles";
        """);
}
