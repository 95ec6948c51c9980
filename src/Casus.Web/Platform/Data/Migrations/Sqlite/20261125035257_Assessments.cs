using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Casus.Web.Platform.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Assessments : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AssessmentTemplates",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Key = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    TemplateVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    NameNl = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    NameEn = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    RequiresCertification = table.Column<bool>(type: "INTEGER", nullable: false),
                    Definition = table.Column<string>(type: "TEXT", nullable: false),
                    LoadedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    LoadedBy = table.Column<Guid>(type: "TEXT", nullable: false),
                    RetiredAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AssessmentTemplates", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AssessmentTemplates_AspNetUsers_LoadedBy",
                        column: x => x.LoadedBy,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "AssessorCertifications",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    UserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    TemplateKey = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    CertifiedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ValidUntil = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    RecordedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    RecordedBy = table.Column<Guid>(type: "TEXT", nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    RevokedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    RevokedBy = table.Column<Guid>(type: "TEXT", nullable: true),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AssessorCertifications", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AssessorCertifications_AspNetUsers_RecordedBy",
                        column: x => x.RecordedBy,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_AssessorCertifications_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Assessments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CaseId = table.Column<Guid>(type: "TEXT", nullable: false),
                    TemplateId = table.Column<Guid>(type: "TEXT", nullable: false),
                    TemplateKey = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    TemplateVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    AssessedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    AssessorUserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AssessorOrganisationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AssessorRole = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    PreviousAssessmentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ResultCiphertext = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Assessments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Assessments_AspNetUsers_AssessorUserId",
                        column: x => x.AssessorUserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Assessments_AssessmentTemplates_TemplateId",
                        column: x => x.TemplateId,
                        principalTable: "AssessmentTemplates",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Assessments_Cases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "Cases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Assessments_Organisations_AssessorOrganisationId",
                        column: x => x.AssessorOrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Assessments_AssessorOrganisationId",
                table: "Assessments",
                column: "AssessorOrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_Assessments_AssessorUserId",
                table: "Assessments",
                column: "AssessorUserId");

            migrationBuilder.CreateIndex(
                name: "IX_Assessments_CaseId_AssessedAt",
                table: "Assessments",
                columns: new[] { "CaseId", "AssessedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Assessments_CaseId_PreviousAssessmentId",
                table: "Assessments",
                columns: new[] { "CaseId", "PreviousAssessmentId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Assessments_TemplateId",
                table: "Assessments",
                column: "TemplateId");

            migrationBuilder.CreateIndex(
                name: "IX_AssessmentTemplates_Key_TemplateVersion",
                table: "AssessmentTemplates",
                columns: new[] { "Key", "TemplateVersion" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AssessmentTemplates_LoadedBy",
                table: "AssessmentTemplates",
                column: "LoadedBy");

            migrationBuilder.CreateIndex(
                name: "IX_AssessorCertifications_RecordedBy",
                table: "AssessorCertifications",
                column: "RecordedBy");

            migrationBuilder.CreateIndex(
                name: "IX_AssessorCertifications_UserId_TemplateKey",
                table: "AssessorCertifications",
                columns: new[] { "UserId", "TemplateKey" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Assessments");

            migrationBuilder.DropTable(
                name: "AssessorCertifications");

            migrationBuilder.DropTable(
                name: "AssessmentTemplates");
        }
    }
}
