using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Casus.Web.Platform.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CaseEvaluations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "CaseEvaluations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CaseId = table.Column<Guid>(type: "TEXT", nullable: false),
                    RegionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    MunicipalityId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    DurationDays = table.Column<int>(type: "INTEGER", nullable: false),
                    Phenomena = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    InterventionKinds = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    WhatWorked = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    CouldBeBetter = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    Cooperation = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    RecordedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    RecordedBy = table.Column<Guid>(type: "TEXT", nullable: false),
                    ChangedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CaseEvaluations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CaseEvaluations_Cases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "Cases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_CaseEvaluations_Municipalities_MunicipalityId",
                        column: x => x.MunicipalityId,
                        principalTable: "Municipalities",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_CaseEvaluations_Regions_RegionId",
                        column: x => x.RegionId,
                        principalTable: "Regions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CaseEvaluations_CaseId",
                table: "CaseEvaluations",
                column: "CaseId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CaseEvaluations_MunicipalityId",
                table: "CaseEvaluations",
                column: "MunicipalityId");

            migrationBuilder.CreateIndex(
                name: "IX_CaseEvaluations_RegionId_RecordedAt",
                table: "CaseEvaluations",
                columns: new[] { "RegionId", "RecordedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CaseEvaluations");
        }
    }
}
