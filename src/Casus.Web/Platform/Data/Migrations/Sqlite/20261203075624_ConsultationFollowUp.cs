using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Casus.Web.Platform.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ConsultationFollowUp : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "SourceEntryId",
                table: "PlanActions",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "CancelledAt",
                table: "Consultations",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ConsultationChanges",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ConsultationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    ActorUserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    FromStartsAt = table.Column<long>(type: "INTEGER", nullable: true),
                    FromPlace = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    FromOnlineLink = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    UserId = table.Column<Guid>(type: "TEXT", nullable: true),
                    ItemNumber = table.Column<int>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ConsultationChanges", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ConsultationChanges_AspNetUsers_ActorUserId",
                        column: x => x.ActorUserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ConsultationChanges_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ConsultationChanges_Consultations_ConsultationId",
                        column: x => x.ConsultationId,
                        principalTable: "Consultations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_PlanActions_SourceEntryId",
                table: "PlanActions",
                column: "SourceEntryId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ConsultationChanges_ActorUserId",
                table: "ConsultationChanges",
                column: "ActorUserId");

            migrationBuilder.CreateIndex(
                name: "IX_ConsultationChanges_ConsultationId_At",
                table: "ConsultationChanges",
                columns: new[] { "ConsultationId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_ConsultationChanges_UserId",
                table: "ConsultationChanges",
                column: "UserId");

            migrationBuilder.AddForeignKey(
                name: "FK_PlanActions_ConsultationEntries_SourceEntryId",
                table: "PlanActions",
                column: "SourceEntryId",
                principalTable: "ConsultationEntries",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_PlanActions_ConsultationEntries_SourceEntryId",
                table: "PlanActions");

            migrationBuilder.DropTable(
                name: "ConsultationChanges");

            migrationBuilder.DropIndex(
                name: "IX_PlanActions_SourceEntryId",
                table: "PlanActions");

            migrationBuilder.DropColumn(
                name: "SourceEntryId",
                table: "PlanActions");

            migrationBuilder.DropColumn(
                name: "CancelledAt",
                table: "Consultations");
        }
    }
}
