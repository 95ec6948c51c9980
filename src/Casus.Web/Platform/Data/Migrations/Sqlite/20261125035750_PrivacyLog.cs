using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Casus.Web.Platform.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class PrivacyLog : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AccessReviewFlags",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    UserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrganisationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    WindowStart = table.Column<long>(type: "INTEGER", nullable: false),
                    WindowEnd = table.Column<long>(type: "INTEGER", nullable: false),
                    RecordId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Count = table.Column<int>(type: "INTEGER", nullable: false),
                    FirstAccessAt = table.Column<long>(type: "INTEGER", nullable: false),
                    LastAccessAt = table.Column<long>(type: "INTEGER", nullable: false),
                    DetectedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Decision = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    ReviewNote = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    ReviewedBy = table.Column<Guid>(type: "TEXT", nullable: true),
                    ReviewedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AccessReviewFlags", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AccessReviewFlags_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "LogVerifications",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    RunKey = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    VerifiedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ProcessingRecords = table.Column<long>(type: "INTEGER", nullable: false),
                    AccessRecords = table.Column<long>(type: "INTEGER", nullable: false),
                    Intact = table.Column<bool>(type: "INTEGER", nullable: false),
                    BreakLog = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    BreakSequence = table.Column<long>(type: "INTEGER", nullable: true),
                    BreakProblem = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Heads = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    RequestedBy = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LogVerifications", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AccessReviewFlags_Kind_UserId_WindowStart_RecordId",
                table: "AccessReviewFlags",
                columns: new[] { "Kind", "UserId", "WindowStart", "RecordId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AccessReviewFlags_Status_OrganisationId",
                table: "AccessReviewFlags",
                columns: new[] { "Status", "OrganisationId" });

            migrationBuilder.CreateIndex(
                name: "IX_AccessReviewFlags_UserId",
                table: "AccessReviewFlags",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_LogVerifications_RunKey",
                table: "LogVerifications",
                column: "RunKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_LogVerifications_VerifiedAt",
                table: "LogVerifications",
                column: "VerifiedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AccessReviewFlags");

            migrationBuilder.DropTable(
                name: "LogVerifications");
        }
    }
}
