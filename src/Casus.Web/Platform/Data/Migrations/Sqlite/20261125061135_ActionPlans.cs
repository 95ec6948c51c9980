using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Casus.Web.Platform.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ActionPlans : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ActionPlans",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CaseId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Number = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ChangedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    NextReviewOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ActionPlans", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ActionPlans_Cases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "Cases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Interventions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    RegionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    Provider = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    TargetGroup = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    EvidenceNotes = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    RetiredAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Interventions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Interventions_Regions_RegionId",
                        column: x => x.RegionId,
                        principalTable: "Regions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ActionPlanVersions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    PlanId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Number = table.Column<int>(type: "INTEGER", nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    ActorUserId = table.Column<Guid>(type: "TEXT", nullable: true),
                    ActorOrganisationId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Change = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    SnapshotCiphertext = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ActionPlanVersions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ActionPlanVersions_ActionPlans_PlanId",
                        column: x => x.PlanId,
                        principalTable: "ActionPlans",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "PlanGoals",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    PlanId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Domain = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    DescriptionCiphertext = table.Column<string>(type: "TEXT", nullable: false),
                    Position = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PlanGoals", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PlanGoals_ActionPlans_PlanId",
                        column: x => x.PlanId,
                        principalTable: "ActionPlans",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "PlanReviews",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    PlanId = table.Column<Guid>(type: "TEXT", nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    ReviewerUserId = table.Column<Guid>(type: "TEXT", nullable: true),
                    ReviewerOrganisationId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Decision = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    AssessmentId = table.Column<Guid>(type: "TEXT", nullable: true),
                    ProgressCiphertext = table.Column<string>(type: "TEXT", nullable: false),
                    NextReviewOn = table.Column<DateOnly>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PlanReviews", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PlanReviews_ActionPlans_PlanId",
                        column: x => x.PlanId,
                        principalTable: "ActionPlans",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "PlanActions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    PlanId = table.Column<Guid>(type: "TEXT", nullable: false),
                    GoalId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CaseId = table.Column<Guid>(type: "TEXT", nullable: false),
                    InterventionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ResponsibleOrganisationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    StartOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    DueOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    ResultCiphertext = table.Column<string>(type: "TEXT", nullable: true),
                    FinishedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    FinishedByOrganisationId = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PlanActions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PlanActions_ActionPlans_PlanId",
                        column: x => x.PlanId,
                        principalTable: "ActionPlans",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_PlanActions_Cases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "Cases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_PlanActions_Interventions_InterventionId",
                        column: x => x.InterventionId,
                        principalTable: "Interventions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_PlanActions_Organisations_ResponsibleOrganisationId",
                        column: x => x.ResponsibleOrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_PlanActions_PlanGoals_GoalId",
                        column: x => x.GoalId,
                        principalTable: "PlanGoals",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ActionPlans_CaseId",
                table: "ActionPlans",
                column: "CaseId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ActionPlanVersions_PlanId_Number",
                table: "ActionPlanVersions",
                columns: new[] { "PlanId", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Interventions_RegionId_Name",
                table: "Interventions",
                columns: new[] { "RegionId", "Name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PlanActions_CaseId",
                table: "PlanActions",
                column: "CaseId");

            migrationBuilder.CreateIndex(
                name: "IX_PlanActions_GoalId",
                table: "PlanActions",
                column: "GoalId");

            migrationBuilder.CreateIndex(
                name: "IX_PlanActions_InterventionId",
                table: "PlanActions",
                column: "InterventionId");

            migrationBuilder.CreateIndex(
                name: "IX_PlanActions_PlanId",
                table: "PlanActions",
                column: "PlanId");

            migrationBuilder.CreateIndex(
                name: "IX_PlanActions_ResponsibleOrganisationId_Status_DueOn",
                table: "PlanActions",
                columns: new[] { "ResponsibleOrganisationId", "Status", "DueOn" });

            migrationBuilder.CreateIndex(
                name: "IX_PlanGoals_PlanId",
                table: "PlanGoals",
                column: "PlanId");

            migrationBuilder.CreateIndex(
                name: "IX_PlanReviews_PlanId_At",
                table: "PlanReviews",
                columns: new[] { "PlanId", "At" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ActionPlanVersions");

            migrationBuilder.DropTable(
                name: "PlanActions");

            migrationBuilder.DropTable(
                name: "PlanReviews");

            migrationBuilder.DropTable(
                name: "Interventions");

            migrationBuilder.DropTable(
                name: "PlanGoals");

            migrationBuilder.DropTable(
                name: "ActionPlans");
        }
    }
}
