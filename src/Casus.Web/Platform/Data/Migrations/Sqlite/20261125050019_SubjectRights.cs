using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Casus.Web.Platform.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SubjectRights : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "SubjectRequests",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    RecordReference = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    PersonId = table.Column<Guid>(type: "TEXT", nullable: false),
                    MunicipalityId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ReceivedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    DueOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    LegalGround = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    DecisionNote = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    DecidedBy = table.Column<Guid>(type: "TEXT", nullable: true),
                    DecidedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LiftedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LiftedBy = table.Column<Guid>(type: "TEXT", nullable: true),
                    LiftReason = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    ReportGeneratedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    CreatedBy = table.Column<Guid>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SubjectRequests", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SubjectRequests_Municipalities_MunicipalityId",
                        column: x => x.MunicipalityId,
                        principalTable: "Municipalities",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_SubjectRequests_Persons_PersonId",
                        column: x => x.PersonId,
                        principalTable: "Persons",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "SubjectRequestParts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    RequestId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PartKey = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    Withhold = table.Column<bool>(type: "INTEGER", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    DecidedBy = table.Column<Guid>(type: "TEXT", nullable: false),
                    DecidedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SubjectRequestParts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SubjectRequestParts_SubjectRequests_RequestId",
                        column: x => x.RequestId,
                        principalTable: "SubjectRequests",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_SubjectRequestParts_RequestId_PartKey",
                table: "SubjectRequestParts",
                columns: new[] { "RequestId", "PartKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SubjectRequests_MunicipalityId_Status_DueOn",
                table: "SubjectRequests",
                columns: new[] { "MunicipalityId", "Status", "DueOn" });

            migrationBuilder.CreateIndex(
                name: "IX_SubjectRequests_PersonId_Kind",
                table: "SubjectRequests",
                columns: new[] { "PersonId", "Kind" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "SubjectRequestParts");

            migrationBuilder.DropTable(
                name: "SubjectRequests");
        }
    }
}
