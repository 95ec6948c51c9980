using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Casus.Web.Platform.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Signals : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "KeyEncryptionKeyVersions",
                columns: table => new
                {
                    MunicipalityId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_KeyEncryptionKeyVersions", x => new { x.MunicipalityId, x.Version });
                });

            migrationBuilder.CreateTable(
                name: "LinkRejections",
                columns: table => new
                {
                    SignalId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CandidateSignalId = table.Column<Guid>(type: "TEXT", nullable: false),
                    DecidedBy = table.Column<Guid>(type: "TEXT", nullable: false),
                    DecidedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LinkRejections", x => new { x.SignalId, x.CandidateSignalId });
                });

            migrationBuilder.CreateTable(
                name: "PartnerSystemClients",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrganisationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ClientId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    SecretHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Scopes = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    IsActive = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    LastUsedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PartnerSystemClients", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PartnerSystemClients_Organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "PersonDataKeys",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    MunicipalityId = table.Column<Guid>(type: "TEXT", nullable: false),
                    KekVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    WrappedKey = table.Column<byte[]>(type: "BLOB", maxLength: 128, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ShreddedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PersonDataKeys", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PersonMerges",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    FromPersonId = table.Column<Guid>(type: "TEXT", nullable: false),
                    IntoPersonId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SignalIds = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false),
                    Score = table.Column<double>(type: "REAL", nullable: false),
                    Reasons = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    DecidedBy = table.Column<Guid>(type: "TEXT", nullable: false),
                    DecidedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UndoneBy = table.Column<Guid>(type: "TEXT", nullable: true),
                    UndoneAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PersonMerges", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Persons",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    MunicipalityId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Persons", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Persons_Municipalities_MunicipalityId",
                        column: x => x.MunicipalityId,
                        principalTable: "Municipalities",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Signals",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Reference = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    MunicipalityId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PersonId = table.Column<Guid>(type: "TEXT", nullable: false),
                    DataKeyId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    ReporterOrganisationId = table.Column<Guid>(type: "TEXT", nullable: true),
                    ReporterUserId = table.Column<Guid>(type: "TEXT", nullable: true),
                    ReceivedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Phenomenon = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    IndicatorCodes = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    IndicatorCatalogueVersion = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    IsOnline = table.Column<bool>(type: "INTEGER", nullable: false),
                    Urgency = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 30, nullable: true),
                    ClosedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    SubjectCiphertext = table.Column<string>(type: "TEXT", nullable: false),
                    NarrativeCiphertext = table.Column<string>(type: "TEXT", nullable: false),
                    FollowUpCodeHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Signals", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Signals_Municipalities_MunicipalityId",
                        column: x => x.MunicipalityId,
                        principalTable: "Municipalities",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Signals_Organisations_ReporterOrganisationId",
                        column: x => x.ReporterOrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Signals_PersonDataKeys_DataKeyId",
                        column: x => x.DataKeyId,
                        principalTable: "PersonDataKeys",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Signals_Persons_PersonId",
                        column: x => x.PersonId,
                        principalTable: "Persons",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "SignalAttachments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    SignalId = table.Column<Guid>(type: "TEXT", nullable: false),
                    FileNameCiphertext = table.Column<string>(type: "TEXT", nullable: false),
                    ContentType = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Size = table.Column<long>(type: "INTEGER", nullable: false),
                    AddedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    AddedBy = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SignalAttachments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SignalAttachments_Signals_SignalId",
                        column: x => x.SignalId,
                        principalTable: "Signals",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "SignalEvents",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    SignalId = table.Column<Guid>(type: "TEXT", nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    ActorUserId = table.Column<Guid>(type: "TEXT", nullable: true),
                    ActorOrganisationId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    StatusFrom = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    StatusTo = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 30, nullable: true),
                    DetailCiphertext = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SignalEvents", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SignalEvents_Signals_SignalId",
                        column: x => x.SignalId,
                        principalTable: "Signals",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "SignalLinkKeys",
                columns: table => new
                {
                    SignalId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SignalLinkKeys", x => new { x.SignalId, x.Kind, x.Hash });
                    table.ForeignKey(
                        name: "FK_SignalLinkKeys_Signals_SignalId",
                        column: x => x.SignalId,
                        principalTable: "Signals",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SignalAttachmentContents",
                columns: table => new
                {
                    AttachmentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Ciphertext = table.Column<byte[]>(type: "BLOB", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SignalAttachmentContents", x => x.AttachmentId);
                    table.ForeignKey(
                        name: "FK_SignalAttachmentContents_SignalAttachments_AttachmentId",
                        column: x => x.AttachmentId,
                        principalTable: "SignalAttachments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_PartnerSystemClients_ClientId",
                table: "PartnerSystemClients",
                column: "ClientId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PartnerSystemClients_OrganisationId",
                table: "PartnerSystemClients",
                column: "OrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_PersonDataKeys_MunicipalityId",
                table: "PersonDataKeys",
                column: "MunicipalityId");

            migrationBuilder.CreateIndex(
                name: "IX_PersonMerges_FromPersonId",
                table: "PersonMerges",
                column: "FromPersonId");

            migrationBuilder.CreateIndex(
                name: "IX_PersonMerges_IntoPersonId",
                table: "PersonMerges",
                column: "IntoPersonId");

            migrationBuilder.CreateIndex(
                name: "IX_Persons_MunicipalityId",
                table: "Persons",
                column: "MunicipalityId");

            migrationBuilder.CreateIndex(
                name: "IX_SignalAttachments_SignalId",
                table: "SignalAttachments",
                column: "SignalId");

            migrationBuilder.CreateIndex(
                name: "IX_SignalEvents_SignalId_At",
                table: "SignalEvents",
                columns: new[] { "SignalId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_SignalLinkKeys_Kind_Hash",
                table: "SignalLinkKeys",
                columns: new[] { "Kind", "Hash" });

            migrationBuilder.CreateIndex(
                name: "IX_Signals_DataKeyId",
                table: "Signals",
                column: "DataKeyId");

            migrationBuilder.CreateIndex(
                name: "IX_Signals_FollowUpCodeHash",
                table: "Signals",
                column: "FollowUpCodeHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Signals_MunicipalityId_Status_ReceivedAt",
                table: "Signals",
                columns: new[] { "MunicipalityId", "Status", "ReceivedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Signals_PersonId",
                table: "Signals",
                column: "PersonId");

            migrationBuilder.CreateIndex(
                name: "IX_Signals_Reference",
                table: "Signals",
                column: "Reference",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Signals_ReporterOrganisationId",
                table: "Signals",
                column: "ReporterOrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_Signals_ReporterUserId",
                table: "Signals",
                column: "ReporterUserId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "KeyEncryptionKeyVersions");

            migrationBuilder.DropTable(
                name: "LinkRejections");

            migrationBuilder.DropTable(
                name: "PartnerSystemClients");

            migrationBuilder.DropTable(
                name: "PersonMerges");

            migrationBuilder.DropTable(
                name: "SignalAttachmentContents");

            migrationBuilder.DropTable(
                name: "SignalEvents");

            migrationBuilder.DropTable(
                name: "SignalLinkKeys");

            migrationBuilder.DropTable(
                name: "SignalAttachments");

            migrationBuilder.DropTable(
                name: "Signals");

            migrationBuilder.DropTable(
                name: "PersonDataKeys");

            migrationBuilder.DropTable(
                name: "Persons");
        }
    }
}
