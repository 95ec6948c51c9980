using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Casus.Web.Platform.Data.Migrations.PostgreSql
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
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    UserId = table.Column<Guid>(type: "uuid", nullable: false),
                    OrganisationId = table.Column<Guid>(type: "uuid", nullable: false),
                    WindowStart = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    WindowEnd = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    RecordId = table.Column<Guid>(type: "uuid", nullable: false),
                    Count = table.Column<int>(type: "integer", nullable: false),
                    FirstAccessAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    LastAccessAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    DetectedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Decision = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    ReviewNote = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    ReviewedBy = table.Column<Guid>(type: "uuid", nullable: true),
                    ReviewedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Version = table.Column<Guid>(type: "uuid", nullable: false)
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
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    RunKey = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    VerifiedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ProcessingRecords = table.Column<long>(type: "bigint", nullable: false),
                    AccessRecords = table.Column<long>(type: "bigint", nullable: false),
                    Intact = table.Column<bool>(type: "boolean", nullable: false),
                    BreakLog = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    BreakSequence = table.Column<long>(type: "bigint", nullable: true),
                    BreakProblem = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Heads = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    RequestedBy = table.Column<Guid>(type: "uuid", nullable: true)
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
