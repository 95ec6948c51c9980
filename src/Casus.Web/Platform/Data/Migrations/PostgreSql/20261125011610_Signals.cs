using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Casus.Web.Platform.Data.Migrations.PostgreSql
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
                    MunicipalityId = table.Column<Guid>(type: "uuid", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_KeyEncryptionKeyVersion", x => new { x.MunicipalityId, x.Version });
                });

            migrationBuilder.CreateTable(
                name: "PartnerSystemClient",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    OrganisationId = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ClientId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    SecretHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Scopes = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    IsActive = table.Column<bool>(type: "boolean", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    LastUsedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Version = table.Column<Guid>(type: "uuid", nullable: false)
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
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    MunicipalityId = table.Column<Guid>(type: "uuid", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
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
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    MunicipalityId = table.Column<Guid>(type: "uuid", nullable: false),
                    KekVersion = table.Column<int>(type: "integer", nullable: false),
                    WrappedKey = table.Column<byte[]>(type: "bytea", maxLength: 128, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ShreddedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PersonDataKey", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Signal",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Reference = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    MunicipalityId = table.Column<Guid>(type: "uuid", nullable: false),
                    PersonId = table.Column<Guid>(type: "uuid", nullable: false),
                    DataKeyId = table.Column<Guid>(type: "uuid", nullable: false),
                    Source = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    ReporterOrganisationId = table.Column<Guid>(type: "uuid", nullable: true),
                    ReporterUserId = table.Column<Guid>(type: "uuid", nullable: true),
                    ReceivedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Phenomenon = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    IndicatorCodes = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    IndicatorCatalogueVersion = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    IsOnline = table.Column<bool>(type: "boolean", nullable: false),
                    Urgency = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Outcome = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: true),
                    ClosedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    SubjectCiphertext = table.Column<string>(type: "text", nullable: false),
                    NarrativeCiphertext = table.Column<string>(type: "text", nullable: false),
                    FollowUpCodeHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    Version = table.Column<Guid>(type: "uuid", nullable: false)
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
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    SignalId = table.Column<Guid>(type: "uuid", nullable: false),
                    FileNameCiphertext = table.Column<string>(type: "text", nullable: false),
                    ContentType = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Size = table.Column<long>(type: "bigint", nullable: false),
                    AddedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    AddedBy = table.Column<Guid>(type: "uuid", nullable: true)
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
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    SignalId = table.Column<Guid>(type: "uuid", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ActorUserId = table.Column<Guid>(type: "uuid", nullable: true),
                    ActorOrganisationId = table.Column<Guid>(type: "uuid", nullable: true),
                    Kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    StatusFrom = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    StatusTo = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    Outcome = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: true),
                    DetailCiphertext = table.Column<string>(type: "text", nullable: true)
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
                    SignalId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
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
                    AttachmentId = table.Column<Guid>(type: "uuid", nullable: false),
                    Ciphertext = table.Column<byte[]>(type: "bytea", nullable: false)
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
