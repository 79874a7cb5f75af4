using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace IncidentCenter.Data.Migrations;

/// <summary>
/// Dismissals of a disagreement between the public stage and the incident, each with its reason. Written
/// with the migration builder rather than raw SQL, so the provider chooses the column types.
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261202000009_StageAgreement")]
public sealed class AddStageAgreement : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "StageDismissals",
            columns: table => new
            {
                Id = table.Column<int>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true),
                IncidentId = table.Column<int>(nullable: false),
                Kind = table.Column<int>(nullable: false),
                IncidentState = table.Column<int>(nullable: false),
                IncidentStateChangedAt = table.Column<DateTime>(nullable: false),
                PublicStage = table.Column<int>(nullable: false),
                PublicVersion = table.Column<int>(nullable: false),
                Reason = table.Column<string>(maxLength: 1000, nullable: false),
                DismissedAt = table.Column<DateTime>(nullable: false),
                DismissedById = table.Column<string>(nullable: false),
                DismissedByName = table.Column<string>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_StageDismissals", x => x.Id);
                table.ForeignKey(
                    name: "FK_StageDismissals_Incidents_IncidentId",
                    column: x => x.IncidentId,
                    principalTable: "Incidents",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateIndex(
            name: "IX_StageDismissals_IncidentId_DismissedAt",
            table: "StageDismissals",
            columns: ["IncidentId", "DismissedAt"]);
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable(name: "StageDismissals");
}
