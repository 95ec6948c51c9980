using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Casus.Web.Platform.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ProcessingRegister : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ProcessingRegister",
                columns: table => new
                {
                    Key = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    CurrentVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProcessingRegister", x => x.Key);
                });

            migrationBuilder.CreateTable(
                name: "ProcessingRegisterVersions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Key = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    Number = table.Column<int>(type: "INTEGER", nullable: false),
                    ActivityId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    PurposeNl = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    PurposeEn = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    DataSubjectsNl = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    DataSubjectsEn = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    PersonalDataNl = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    PersonalDataEn = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    RecipientsNl = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    RecipientsEn = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    RetentionNl = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    RetentionEn = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    LegalBasisNl = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    LegalBasisEn = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    ControllerNl = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    ControllerEn = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    ChangeNote = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedBy = table.Column<Guid>(type: "TEXT", nullable: true),
                    SubmissionId = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProcessingRegisterVersions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ProcessingRegisterVersions_AspNetUsers_CreatedBy",
                        column: x => x.CreatedBy,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ProcessingRegisterVersions_ProcessingRegister_Key",
                        column: x => x.Key,
                        principalTable: "ProcessingRegister",
                        principalColumn: "Key",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ProcessingRegisterVersions_ActivityId",
                table: "ProcessingRegisterVersions",
                column: "ActivityId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ProcessingRegisterVersions_CreatedBy",
                table: "ProcessingRegisterVersions",
                column: "CreatedBy");

            migrationBuilder.CreateIndex(
                name: "IX_ProcessingRegisterVersions_Key_Number",
                table: "ProcessingRegisterVersions",
                columns: new[] { "Key", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ProcessingRegisterVersions_SubmissionId",
                table: "ProcessingRegisterVersions",
                column: "SubmissionId",
                unique: true);

            // Versions are never changed or removed: a change is a new version (see RegisterModel.cs).
            AppendOnlyTables.CreateSqliteTriggers(migrationBuilder, [Casus.Web.Features.Privacy.Register.RegisterVersionsTable.Name]);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ProcessingRegisterVersions");

            migrationBuilder.DropTable(
                name: "ProcessingRegister");
        }
    }
}
