using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Casus.Web.Platform.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Weighing : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "WeighingDecisions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    MunicipalityId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PersonId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SignalId = table.Column<Guid>(type: "TEXT", nullable: false),
                    DataKeyId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProfileKey = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    ObserveUntil = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    CriteriaVersion = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    CriteriaCodes = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Parties = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    ProportionalityCiphertext = table.Column<string>(type: "TEXT", nullable: false),
                    SubsidiarityCiphertext = table.Column<string>(type: "TEXT", nullable: false),
                    DecidedByUserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    DecidedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    ReviewedByUserId = table.Column<Guid>(type: "TEXT", nullable: true),
                    ReviewedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    RejectionReasonCiphertext = table.Column<string>(type: "TEXT", nullable: true),
                    EffectiveAt = table.Column<long>(type: "INTEGER", nullable: true),
                    SupersededByDecisionId = table.Column<Guid>(type: "TEXT", nullable: true),
                    CaseId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WeighingDecisions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_WeighingDecisions_AspNetUsers_DecidedByUserId",
                        column: x => x.DecidedByUserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_WeighingDecisions_AspNetUsers_ReviewedByUserId",
                        column: x => x.ReviewedByUserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_WeighingDecisions_Cases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "Cases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_WeighingDecisions_Municipalities_MunicipalityId",
                        column: x => x.MunicipalityId,
                        principalTable: "Municipalities",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_WeighingDecisions_PersonDataKeys_DataKeyId",
                        column: x => x.DataKeyId,
                        principalTable: "PersonDataKeys",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_WeighingDecisions_Persons_PersonId",
                        column: x => x.PersonId,
                        principalTable: "Persons",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_WeighingDecisions_Signals_SignalId",
                        column: x => x.SignalId,
                        principalTable: "Signals",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_WeighingDecisions_WeighingDecisions_SupersededByDecisionId",
                        column: x => x.SupersededByDecisionId,
                        principalTable: "WeighingDecisions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "WeighingDecisionSignals",
                columns: table => new
                {
                    DecisionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SignalId = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WeighingDecisionSignals", x => new { x.DecisionId, x.SignalId });
                    table.ForeignKey(
                        name: "FK_WeighingDecisionSignals_Signals_SignalId",
                        column: x => x.SignalId,
                        principalTable: "Signals",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_WeighingDecisionSignals_WeighingDecisions_DecisionId",
                        column: x => x.DecisionId,
                        principalTable: "WeighingDecisions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_WeighingDecisions_CaseId",
                table: "WeighingDecisions",
                column: "CaseId");

            migrationBuilder.CreateIndex(
                name: "IX_WeighingDecisions_DataKeyId",
                table: "WeighingDecisions",
                column: "DataKeyId");

            migrationBuilder.CreateIndex(
                name: "IX_WeighingDecisions_DecidedByUserId",
                table: "WeighingDecisions",
                column: "DecidedByUserId");

            migrationBuilder.CreateIndex(
                name: "IX_WeighingDecisions_MunicipalityId_Status_DecidedAt",
                table: "WeighingDecisions",
                columns: new[] { "MunicipalityId", "Status", "DecidedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_WeighingDecisions_PersonId",
                table: "WeighingDecisions",
                column: "PersonId");

            migrationBuilder.CreateIndex(
                name: "IX_WeighingDecisions_ReviewedByUserId",
                table: "WeighingDecisions",
                column: "ReviewedByUserId");

            migrationBuilder.CreateIndex(
                name: "IX_WeighingDecisions_SignalId",
                table: "WeighingDecisions",
                column: "SignalId");

            migrationBuilder.CreateIndex(
                name: "IX_WeighingDecisions_Status_ObserveUntil",
                table: "WeighingDecisions",
                columns: new[] { "Status", "ObserveUntil" });

            migrationBuilder.CreateIndex(
                name: "IX_WeighingDecisions_SupersededByDecisionId",
                table: "WeighingDecisions",
                column: "SupersededByDecisionId");

            migrationBuilder.CreateIndex(
                name: "IX_WeighingDecisionSignals_SignalId",
                table: "WeighingDecisionSignals",
                column: "SignalId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "WeighingDecisionSignals");

            migrationBuilder.DropTable(
                name: "WeighingDecisions");
        }
    }
}
