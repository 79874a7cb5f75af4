using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace IncidentCenter.Data.Migrations;

/// <summary>
/// An Admin's "disable" gets its own column, apart from Identity's temporary sign-in lockout
/// (accounts disabled before had a lockout that never ends), and the account settings row
/// (two-factor sign-in required for Admins and Responders).
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261202000001_AccountSecurity")]
public sealed class AddAccountSecurity : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.Sql(
        """
        ALTER TABLE "AspNetUsers" ADD COLUMN "IsDisabled" INTEGER NOT NULL DEFAULT 0;

        UPDATE "AspNetUsers" SET "IsDisabled" = 1 WHERE "LockoutEnd" LIKE '9999-%';

        CREATE TABLE "AccountSettings" (
            "Id" INTEGER NOT NULL CONSTRAINT "PK_AccountSettings" PRIMARY KEY,
            "RequireTwoFactor" INTEGER NOT NULL,
            "UpdatedAt" TEXT NOT NULL,
            "UpdatedByName" TEXT NOT NULL
        );
        """);

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.Sql(
        """
        DROP TABLE IF EXISTS "AccountSettings";
        ALTER TABLE "AspNetUsers" DROP COLUMN "IsDisabled";
        """);
}
