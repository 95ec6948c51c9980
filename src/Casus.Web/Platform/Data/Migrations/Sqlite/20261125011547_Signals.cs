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
                name: "KeyEncryptionKeyVersion",
                columns: table => new
                {
                    MunicipalityId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_KeyEncryptionKeyVersion", x => new { x.MunicipalityId, x.Version });
                });

            migrationBuilder.CreateTable(
                name: "PartnerSystemClient",
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
                    table.PrimaryKey("PK_PartnerSystemClient", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PartnerSystemClient_Organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Person",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    MunicipalityId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Person", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Person_Municipalities_MunicipalityId",
                        column: x => x.MunicipalityId,
                        principalTable: "Municipalities",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "PersonDataKey",
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
                    table.PrimaryKey("PK_PersonDataKey", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Signal",
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
                    table.PrimaryKey("PK_Signal", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Signal_Municipalities_MunicipalityId",
                        column: x => x.MunicipalityId,
                        principalTable: "Municipalities",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Signal_Organisations_ReporterOrganisationId",
                        column: x => x.ReporterOrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Signal_PersonDataKey_DataKeyId",
                        column: x => x.DataKeyId,
                        principalTable: "PersonDataKey",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Signal_Person_PersonId",
                        column: x => x.PersonId,
                        principalTable: "Person",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "SignalAttachment",
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
                    table.PrimaryKey("PK_SignalAttachment", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SignalAttachment_Signal_SignalId",
                        column: x => x.SignalId,
                        principalTable: "Signal",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "SignalEvent",
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
                    table.PrimaryKey("PK_SignalEvent", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SignalEvent_Signal_SignalId",
                        column: x => x.SignalId,
                        principalTable: "Signal",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "SignalLinkKey",
                columns: table => new
                {
                    SignalId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SignalLinkKey", x => new { x.SignalId, x.Kind, x.Hash });
                    table.ForeignKey(
                        name: "FK_SignalLinkKey_Signal_SignalId",
                        column: x => x.SignalId,
                        principalTable: "Signal",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SignalAttachmentContent",
                columns: table => new
                {
                    AttachmentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Ciphertext = table.Column<byte[]>(type: "BLOB", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SignalAttachmentContent", x => x.AttachmentId);
                    table.ForeignKey(
                        name: "FK_SignalAttachmentContent_SignalAttachment_AttachmentId",
                        column: x => x.AttachmentId,
                        principalTable: "SignalAttachment",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_PartnerSystemClient_ClientId",
                table: "PartnerSystemClient",
                column: "ClientId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PartnerSystemClient_OrganisationId",
                table: "PartnerSystemClient",
                column: "OrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_Person_MunicipalityId",
                table: "Person",
                column: "MunicipalityId");

            migrationBuilder.CreateIndex(
                name: "IX_PersonDataKey_MunicipalityId",
                table: "PersonDataKey",
                column: "MunicipalityId");

            migrationBuilder.CreateIndex(
                name: "IX_Signal_DataKeyId",
                table: "Signal",
                column: "DataKeyId");

            migrationBuilder.CreateIndex(
                name: "IX_Signal_FollowUpCodeHash",
                table: "Signal",
                column: "FollowUpCodeHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Signal_MunicipalityId_Status_ReceivedAt",
                table: "Signal",
                columns: new[] { "MunicipalityId", "Status", "ReceivedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Signal_PersonId",
                table: "Signal",
                column: "PersonId");

            migrationBuilder.CreateIndex(
                name: "IX_Signal_Reference",
                table: "Signal",
                column: "Reference",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Signal_ReporterOrganisationId",
                table: "Signal",
                column: "ReporterOrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_Signal_ReporterUserId",
                table: "Signal",
                column: "ReporterUserId");

            migrationBuilder.CreateIndex(
                name: "IX_SignalAttachment_SignalId",
                table: "SignalAttachment",
                column: "SignalId");

            migrationBuilder.CreateIndex(
                name: "IX_SignalEvent_SignalId_At",
                table: "SignalEvent",
                columns: new[] { "SignalId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_SignalLinkKey_Kind_Hash",
                table: "SignalLinkKey",
                columns: new[] { "Kind", "Hash" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "KeyEncryptionKeyVersion");

            migrationBuilder.DropTable(
                name: "PartnerSystemClient");

            migrationBuilder.DropTable(
                name: "SignalAttachmentContent");

            migrationBuilder.DropTable(
                name: "SignalEvent");

            migrationBuilder.DropTable(
                name: "SignalLinkKey");

            migrationBuilder.DropTable(
                name: "SignalAttachment");

            migrationBuilder.DropTable(
                name: "Signal");

            migrationBuilder.DropTable(
                name: "PersonDataKey");

            migrationBuilder.DropTable(
                name: "Person");
        }
    }
}
