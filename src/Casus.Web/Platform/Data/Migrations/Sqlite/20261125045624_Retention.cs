using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Casus.Web.Platform.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Retention : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "DestroyedAt",
                table: "Signals",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "DestroyedAt",
                table: "Cases",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "DestructionProposals",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    RecordId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Reference = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    MunicipalityId = table.Column<Guid>(type: "TEXT", nullable: false),
                    LastProcessedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    DueAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ProposedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    ApprovedBy = table.Column<Guid>(type: "TEXT", nullable: true),
                    DestroyedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DestructionProposals", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DestructionProposals_Municipalities_MunicipalityId",
                        column: x => x.MunicipalityId,
                        principalTable: "Municipalities",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "LegalHolds",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    RecordId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Reference = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    MunicipalityId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Until = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    PlacedBy = table.Column<Guid>(type: "TEXT", nullable: false),
                    PlacedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    LiftedBy = table.Column<Guid>(type: "TEXT", nullable: true),
                    LiftedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LegalHolds", x => x.Id);
                    table.ForeignKey(
                        name: "FK_LegalHolds_Municipalities_MunicipalityId",
                        column: x => x.MunicipalityId,
                        principalTable: "Municipalities",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "RetentionRuns",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    RunKey = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    RanAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Proposed = table.Column<int>(type: "INTEGER", nullable: false),
                    Destroyed = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RetentionRuns", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_DestructionProposals_Kind_RecordId",
                table: "DestructionProposals",
                columns: new[] { "Kind", "RecordId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_DestructionProposals_MunicipalityId",
                table: "DestructionProposals",
                column: "MunicipalityId");

            migrationBuilder.CreateIndex(
                name: "IX_DestructionProposals_Status_MunicipalityId",
                table: "DestructionProposals",
                columns: new[] { "Status", "MunicipalityId" });

            migrationBuilder.CreateIndex(
                name: "IX_LegalHolds_MunicipalityId",
                table: "LegalHolds",
                column: "MunicipalityId");

            migrationBuilder.CreateIndex(
                name: "IX_LegalHolds_RecordId_LiftedAt",
                table: "LegalHolds",
                columns: new[] { "RecordId", "LiftedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_RetentionRuns_RunKey",
                table: "RetentionRuns",
                column: "RunKey",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DestructionProposals");

            migrationBuilder.DropTable(
                name: "LegalHolds");

            migrationBuilder.DropTable(
                name: "RetentionRuns");

            migrationBuilder.DropColumn(
                name: "DestroyedAt",
                table: "Signals");

            migrationBuilder.DropColumn(
                name: "DestroyedAt",
                table: "Cases");
        }
    }
}
