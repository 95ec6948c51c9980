using System.Collections.Concurrent;
using System.Net;
using Casus.Tests.Features.ActionPlans;
using Casus.Tests.Features.Cases;
using Casus.Tests.Support;
using Casus.Web.Features.ActionPlans;
using Casus.Web.Features.Cases;
using Casus.Web.Platform.Data;
using Casus.Web.Platform.Security;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Casus.Tests.Platform;

/// <summary>
/// Every endpoint and page of Casus, and who may reach it. A new endpoint that is not placed here fails the
/// first test; every placed endpoint is tried anonymously and with every demo role outside its audience, and every
/// endpoint of one case with an active member, a partner who never was a member and one whose period ended.
/// </summary>
public sealed class AuthorizationMatrixTests(AppFactory app) : IClassFixture<AppFactory>
{
    /// <summary>
    /// CaseMember: roles that can hold a case (runners and partners; which case is decided by membership, see the
    /// case tests). CaseRunner: process coordinators and case directors, who run cases. PrivacyOfficer: the processing
    /// log, its verification and unusual-access flags. CatalogueManager: the region's intervention catalogue (regional
    /// coordinator and administrator). LessonsReader: the region's lessons learned (runners of cases and the regional
    /// coordinator; no partners).
    /// </summary>
    private enum Audience { Anyone, SignedIn, SystemAdmin, SignalReporter, SignalInbox, CaseMember, CaseRunner, PrivacyOfficer, CatalogueManager, LessonsReader }

    private static readonly Dictionary<string, Audience> Matrix = new(StringComparer.OrdinalIgnoreCase)
    {
        ["GET /health"] = Audience.Anyone,
        ["GET /openapi/{documentName}.json"] = Audience.Anyone,
        ["GET /account/login"] = Audience.Anyone,
        ["GET /account/twofactor"] = Audience.Anyone,
        ["GET /account/recoverycode"] = Audience.Anyone,
        ["GET /account/activate"] = Audience.Anyone,
        ["GET /account/logout"] = Audience.Anyone,
        ["GET /account/external"] = Audience.Anyone,
        ["POST /account/language"] = Audience.Anyone,
        ["GET /"] = Audience.SignedIn,
        ["GET /index"] = Audience.SignedIn,
        ["GET /account/denied"] = Audience.SignedIn,
        ["GET /account/recoverycodes"] = Audience.SignedIn,
        ["GET /account/security"] = Audience.SignedIn,
        // Handlers of pages share their page's endpoint; these are listed too, so each is tried without a session.
        ["POST /account/security?handler=CreationOptions"] = Audience.SignedIn,
        ["POST /account/security?handler=Add"] = Audience.SignedIn,
        ["POST /account/security?handler=Rename"] = Audience.SignedIn,
        ["POST /account/security?handler=Remove"] = Audience.SignedIn,
        ["POST /account/login?handler=PasskeyOptions"] = Audience.Anyone,
        ["POST /account/login?handler=Passkey"] = Audience.Anyone,
        ["POST /account/activate?handler=PasskeyOptions"] = Audience.Anyone,
        ["POST /account/activate?handler=Passkey"] = Audience.Anyone,
        ["GET /admin/regions"] = Audience.SystemAdmin,
        ["GET /admin/regions/{id:guid}"] = Audience.SystemAdmin,
        ["GET /admin/municipalities"] = Audience.SystemAdmin,
        ["GET /admin/municipalities/{id:guid}"] = Audience.SystemAdmin,
        ["GET /admin/organisations"] = Audience.SystemAdmin,
        ["GET /admin/organisations/{id:guid}"] = Audience.SystemAdmin,
        ["GET /admin/users"] = Audience.SystemAdmin,
        ["GET /admin/users/{id:guid}"] = Audience.SystemAdmin,
        ["GET /api/v1/admin/regions"] = Audience.SystemAdmin,
        ["GET /api/v1/admin/regions/{id:guid}"] = Audience.SystemAdmin,
        ["POST /api/v1/admin/regions"] = Audience.SystemAdmin,
        ["PUT /api/v1/admin/regions/{id:guid}"] = Audience.SystemAdmin,
        ["GET /api/v1/admin/municipalities"] = Audience.SystemAdmin,
        ["GET /api/v1/admin/municipalities/{id:guid}"] = Audience.SystemAdmin,
        ["POST /api/v1/admin/municipalities"] = Audience.SystemAdmin,
        ["PUT /api/v1/admin/municipalities/{id:guid}"] = Audience.SystemAdmin,
        ["GET /api/v1/admin/organisations"] = Audience.SystemAdmin,
        ["GET /api/v1/admin/organisations/{id:guid}"] = Audience.SystemAdmin,
        ["POST /api/v1/admin/organisations"] = Audience.SystemAdmin,
        ["PUT /api/v1/admin/organisations/{id:guid}"] = Audience.SystemAdmin,
        ["GET /api/v1/admin/users"] = Audience.SystemAdmin,
        ["POST /api/v1/admin/users/search"] = Audience.SystemAdmin,
        ["GET /api/v1/admin/users/{id:guid}"] = Audience.SystemAdmin,
        ["POST /api/v1/admin/users"] = Audience.SystemAdmin,
        ["PUT /api/v1/admin/users/{id:guid}"] = Audience.SystemAdmin,
        ["POST /api/v1/admin/users/{id:guid}/deactivate"] = Audience.SystemAdmin,
        ["POST /api/v1/admin/users/{id:guid}/reactivate"] = Audience.SystemAdmin,
        ["POST /api/v1/admin/users/{id:guid}/reset-second-factor"] = Audience.SystemAdmin,
        ["POST /oauth/token"] = Audience.Anyone,
        ["GET /admin/partner-systems"] = Audience.SystemAdmin,
        ["GET /api/v1/admin/partner-systems"] = Audience.SystemAdmin,
        ["POST /api/v1/admin/partner-systems"] = Audience.SystemAdmin,
        ["POST /api/v1/admin/partner-systems/{id:guid}/deactivate"] = Audience.SystemAdmin,
        ["POST /api/v1/admin/partner-systems/{id:guid}/reactivate"] = Audience.SystemAdmin,
        ["GET /report"] = Audience.Anyone,
        ["GET /report/follow-up"] = Audience.Anyone,
        ["POST /api/v1/signals/{id:guid}/replies"] = Audience.SignalInbox,
        ["GET /signals"] = Audience.SignalInbox,
        ["GET /signals/new"] = Audience.SignalReporter,
        ["GET /signals/mine"] = Audience.SignalReporter,
        ["GET /signals/{id:guid}"] = Audience.SignalReporter,
        ["GET /signals/{id:guid}/correct"] = Audience.SignalInbox,
        ["POST /api/v1/signals"] = Audience.SignalReporter,
        ["GET /api/v1/signals/mine"] = Audience.SignalReporter,
        ["GET /api/v1/signals"] = Audience.SignalInbox,
        ["POST /api/v1/signals/search"] = Audience.SignalInbox,
        ["GET /api/v1/signals/{id:guid}"] = Audience.SignalReporter,
        ["GET /api/v1/signals/{id:guid}/attachments/{attachmentid:guid}"] = Audience.SignalReporter,
        ["POST /api/v1/signals/{id:guid}/start-weighing"] = Audience.SignalInbox,
        ["POST /api/v1/signals/{id:guid}/close"] = Audience.SignalInbox,
        ["POST /api/v1/signals/{id:guid}/reopen"] = Audience.SignalInbox,
        ["POST /api/v1/signals/{id:guid}/notes"] = Audience.SignalInbox,
        ["PUT /api/v1/signals/{id:guid}/subject"] = Audience.SignalInbox,
        ["GET /api/v1/signals/{id:guid}/linkage"] = Audience.SignalInbox,
        ["POST /api/v1/signals/{id:guid}/links/{candidateid:guid}"] = Audience.SignalInbox,
        ["POST /api/v1/signals/{id:guid}/rejections/{candidateid:guid}"] = Audience.SignalInbox,
        ["POST /api/v1/signals/links/{mergeid:guid}/undo"] = Audience.SignalInbox,
        ["GET /cases"] = Audience.CaseMember,
        ["POST /cases?handler=Filter"] = Audience.CaseMember,
        ["GET /cases/{id:guid}"] = Audience.CaseMember,
        ["GET /cases/{id:guid}/stage"] = Audience.CaseRunner,
        ["POST /cases/{id:guid}/stage?handler=Move"] = Audience.CaseRunner,
        ["POST /cases/{id:guid}/stage?handler=Close"] = Audience.CaseRunner,
        ["POST /cases/{id:guid}/stage?handler=Aftercare"] = Audience.CaseRunner,
        ["GET /cases/{id:guid}/coordinator"] = Audience.CaseRunner,
        ["POST /cases/{id:guid}/coordinator"] = Audience.CaseRunner,
        ["GET /cases/{id:guid}/members/new"] = Audience.CaseRunner,
        ["POST /cases/{id:guid}/members/new"] = Audience.CaseRunner,
        ["GET /cases/{id:guid}/members/{membershipid:guid}"] = Audience.CaseRunner,
        ["POST /cases/{id:guid}/members/{membershipid:guid}?handler=Period"] = Audience.CaseRunner,
        ["POST /cases/{id:guid}/members/{membershipid:guid}?handler=End"] = Audience.CaseRunner,
        ["GET /api/v1/cases"] = Audience.CaseMember,
        ["POST /api/v1/cases/search"] = Audience.CaseMember,
        ["GET /api/v1/cases/counts"] = Audience.CaseMember,
        ["GET /api/v1/cases/{id:guid}"] = Audience.CaseMember,
        ["POST /api/v1/cases/{id:guid}/transitions"] = Audience.CaseRunner,
        ["POST /api/v1/cases/{id:guid}/close"] = Audience.CaseRunner,
        ["PUT /api/v1/cases/{id:guid}/coordinator"] = Audience.CaseRunner,
        ["POST /api/v1/cases/{id:guid}/members"] = Audience.CaseRunner,
        ["PUT /api/v1/cases/{id:guid}/members/{membershipid:guid}"] = Audience.CaseRunner,
        ["POST /api/v1/cases/{id:guid}/members/{membershipid:guid}/end"] = Audience.CaseRunner,
        ["GET /consultations"] = Audience.CaseMember,
        ["GET /consultations/new"] = Audience.CaseRunner,
        ["POST /consultations/new"] = Audience.CaseRunner,
        ["GET /consultations/{id:guid}"] = Audience.CaseMember,
        // The runner's handlers are refused (404) inside the page for anyone who does not run the meeting's municipality.
        ["POST /consultations/{id:guid}?handler=Acknowledge"] = Audience.CaseMember,
        ["POST /consultations/{id:guid}?handler=AddItem"] = Audience.CaseMember,
        ["POST /consultations/{id:guid}?handler=Invite"] = Audience.CaseMember,
        ["POST /consultations/{id:guid}?handler=Attendance"] = Audience.CaseMember,
        ["POST /consultations/{id:guid}?handler=Fix"] = Audience.CaseMember,
        ["POST /consultations/{id:guid}?handler=Reschedule"] = Audience.CaseMember,
        ["POST /consultations/{id:guid}?handler=Cancel"] = Audience.CaseMember,
        ["POST /consultations/{id:guid}?handler=RemoveItem"] = Audience.CaseMember,
        ["POST /consultations/{id:guid}?handler=RemoveInvitee"] = Audience.CaseMember,
        ["POST /consultations/{id:guid}/items/{itemid:guid}?handler=Remove"] = Audience.CaseMember,
        // Taking a follow-up action of the minutes into the case's plan: runners of the case only.
        ["GET /consultations/{id:guid}/items/{itemid:guid}/entries/{entryid:guid}/plan"] = Audience.CaseRunner,
        ["POST /consultations/{id:guid}/items/{itemid:guid}/entries/{entryid:guid}/plan"] = Audience.CaseRunner,
        ["GET /consultations/{id:guid}/items/{itemid:guid}"] = Audience.CaseMember,
        ["GET /consultations/{id:guid}/items/{itemid:guid}?handler=Document"] = Audience.CaseMember,
        ["POST /consultations/{id:guid}/items/{itemid:guid}?handler=Entry"] = Audience.CaseMember,
        ["POST /consultations/{id:guid}/items/{itemid:guid}?handler=Correct"] = Audience.CaseMember,
        ["POST /consultations/{id:guid}/items/{itemid:guid}?handler=Assessment"] = Audience.CaseMember,
        ["GET /api/v1/consultations"] = Audience.CaseMember,
        ["POST /api/v1/consultations"] = Audience.CaseRunner,
        ["GET /api/v1/consultations/{id:guid}"] = Audience.CaseMember,
        ["POST /api/v1/consultations/{id:guid}/items"] = Audience.CaseRunner,
        ["POST /api/v1/consultations/{id:guid}/invitees"] = Audience.CaseRunner,
        ["PUT /api/v1/consultations/{id:guid}/attendance"] = Audience.CaseRunner,
        ["POST /api/v1/consultations/{id:guid}/acknowledgement"] = Audience.CaseMember,
        ["POST /api/v1/consultations/{id:guid}/fix"] = Audience.CaseRunner,
        ["GET /api/v1/consultations/{id:guid}/items/{itemid:guid}"] = Audience.CaseMember,
        ["GET /api/v1/consultations/{id:guid}/items/{itemid:guid}/document"] = Audience.CaseMember,
        ["PUT /api/v1/consultations/{id:guid}/items/{itemid:guid}/assessment"] = Audience.CaseRunner,
        ["POST /api/v1/consultations/{id:guid}/items/{itemid:guid}/entries"] = Audience.CaseRunner,
        ["PUT /api/v1/consultations/{id:guid}/items/{itemid:guid}/entries/{entryid:guid}"] = Audience.CaseRunner,
        ["POST /api/v1/consultations/{id:guid}/reschedule"] = Audience.CaseRunner,
        ["POST /api/v1/consultations/{id:guid}/cancel"] = Audience.CaseRunner,
        ["DELETE /api/v1/consultations/{id:guid}/items/{itemid:guid}"] = Audience.CaseRunner,
        ["DELETE /api/v1/consultations/{id:guid}/invitees/{userid:guid}"] = Audience.CaseRunner,
        ["DELETE /api/v1/consultations/{id:guid}/items/{itemid:guid}/entries/{entryid:guid}"] = Audience.CaseRunner,
        ["GET /weighing"] = Audience.SignalInbox,
        ["GET /weighing/{id:guid}"] = Audience.SignalInbox,
        ["POST /weighing/{id:guid}?handler=Approve"] = Audience.SignalInbox,
        ["POST /weighing/{id:guid}?handler=Reject"] = Audience.SignalInbox,
        ["GET /signals/{id:guid}/weigh"] = Audience.SignalInbox,
        ["POST /signals/{id:guid}/weigh"] = Audience.SignalInbox,
        ["GET /api/v1/weighing/profile"] = Audience.SignalInbox,
        ["POST /api/v1/weighing/signals/{id:guid}/decisions"] = Audience.SignalInbox,
        ["GET /api/v1/weighing/decisions/{id:guid}"] = Audience.SignalInbox,
        ["POST /api/v1/weighing/decisions/{id:guid}/approve"] = Audience.SignalInbox,
        ["POST /api/v1/weighing/decisions/{id:guid}/reject"] = Audience.SignalInbox,
        ["GET /api/v1/weighing/decisions"] = Audience.SignalInbox,
        ["GET /api/v1/weighing/pending"] = Audience.SignalInbox,
        ["GET /api/v1/weighing/due"] = Audience.SignalInbox,
        ["GET /admin/assessment-templates"] = Audience.SystemAdmin,
        ["GET /admin/assessment-templates/{id:guid}"] = Audience.SystemAdmin,
        ["GET /admin/assessor-certifications"] = Audience.SystemAdmin,
        ["GET /api/v1/admin/assessment-templates"] = Audience.SystemAdmin,
        ["POST /api/v1/admin/assessment-templates"] = Audience.SystemAdmin,
        ["GET /api/v1/admin/assessment-templates/{id:guid}"] = Audience.SystemAdmin,
        ["POST /api/v1/admin/assessment-templates/{id:guid}/retire"] = Audience.SystemAdmin,
        ["GET /api/v1/admin/assessor-certifications"] = Audience.SystemAdmin,
        ["POST /api/v1/admin/assessor-certifications"] = Audience.SystemAdmin,
        ["GET /api/v1/admin/assessor-certifications/{id:guid}"] = Audience.SystemAdmin,
        ["POST /api/v1/admin/assessor-certifications/{id:guid}/revoke"] = Audience.SystemAdmin,
        // Assessments: members of the case whose role the profile allows (see RecordingAssessmentsTests for which case and role).
        ["GET /cases/{id:guid}/assessments"] = Audience.CaseMember,
        ["GET /cases/{id:guid}/assessments/new"] = Audience.CaseMember,
        ["GET /cases/{id:guid}/assessments/{assessmentid:guid}"] = Audience.CaseMember,
        ["GET /cases/{id:guid}/assessments/{assessmentid:guid}/comparison"] = Audience.CaseMember,
        ["GET /api/v1/cases/{id:guid}/assessments"] = Audience.CaseMember,
        ["POST /api/v1/cases/{id:guid}/assessments"] = Audience.CaseMember,
        ["GET /api/v1/cases/{id:guid}/assessments/templates"] = Audience.CaseMember,
        ["GET /api/v1/cases/{id:guid}/assessments/{assessmentid:guid}"] = Audience.CaseMember,
        ["GET /api/v1/cases/{id:guid}/assessments/{assessmentid:guid}/comparison"] = Audience.CaseMember,
        ["GET /privacy"] = Audience.PrivacyOfficer,
        ["POST /privacy?handler=Verify"] = Audience.PrivacyOfficer,
        ["GET /privacy/log"] = Audience.PrivacyOfficer,
        ["POST /privacy/log?handler=Search"] = Audience.PrivacyOfficer,
        ["POST /privacy/log?handler=Filter"] = Audience.PrivacyOfficer,
        ["GET /privacy/log?handler=Csv"] = Audience.PrivacyOfficer,
        ["GET /privacy/log?handler=Json"] = Audience.PrivacyOfficer,
        ["GET /privacy/flags"] = Audience.PrivacyOfficer,
        ["POST /privacy/flags?handler=Review"] = Audience.PrivacyOfficer,
        ["POST /api/v1/privacy/log/search"] = Audience.PrivacyOfficer,
        ["POST /api/v1/privacy/log/export/{format}"] = Audience.PrivacyOfficer,
        ["GET /api/v1/privacy/verifications/latest"] = Audience.PrivacyOfficer,
        ["POST /api/v1/privacy/verifications"] = Audience.PrivacyOfficer,
        ["GET /api/v1/privacy/flags"] = Audience.PrivacyOfficer,
        ["POST /api/v1/privacy/flags/{id:guid}/review"] = Audience.PrivacyOfficer,
        // Action plans: members read the plan and finish their own organisation's tasks; runners change the plan.
        ["GET /cases/{id:guid}/plan"] = Audience.CaseMember,
        ["GET /cases/{id:guid}/plan?handler=Document"] = Audience.CaseMember,
        ["POST /cases/{id:guid}/plan?handler=Finish"] = Audience.CaseMember,
        ["POST /cases/{id:guid}/plan?handler=Create"] = Audience.CaseMember,
        ["POST /cases/{id:guid}/plan?handler=Goal"] = Audience.CaseMember,
        ["POST /cases/{id:guid}/plan?handler=Action"] = Audience.CaseMember,
        ["POST /cases/{id:guid}/plan?handler=Change"] = Audience.CaseMember,
        ["GET /cases/{id:guid}/plan/review"] = Audience.CaseRunner,
        ["POST /cases/{id:guid}/plan/review"] = Audience.CaseRunner,
        ["GET /work"] = Audience.CaseMember,
        ["GET /api/v1/work"] = Audience.CaseMember,
        ["GET /api/v1/cases/{id:guid}/plan"] = Audience.CaseMember,
        ["GET /api/v1/cases/{id:guid}/plan/document"] = Audience.CaseMember,
        ["GET /api/v1/cases/{id:guid}/plan/choices"] = Audience.CaseRunner,
        ["POST /api/v1/cases/{id:guid}/plan"] = Audience.CaseRunner,
        ["POST /api/v1/cases/{id:guid}/plan/goals"] = Audience.CaseRunner,
        ["POST /api/v1/cases/{id:guid}/plan/goals/{goalid:guid}/actions"] = Audience.CaseRunner,
        ["PUT /api/v1/cases/{id:guid}/plan/actions/{actionid:guid}"] = Audience.CaseRunner,
        ["POST /api/v1/cases/{id:guid}/plan/actions/{actionid:guid}/finish"] = Audience.CaseMember,
        ["POST /api/v1/cases/{id:guid}/plan/reviews"] = Audience.CaseRunner,
        // Case evaluations: recorded by those who run the case; the use case narrows it to the case's own runners (others: 404).
        ["GET /cases/{id:guid}/evaluation"] = Audience.CaseRunner,
        ["POST /cases/{id:guid}/evaluation"] = Audience.CaseRunner,
        ["GET /api/v1/cases/{id:guid}/evaluation"] = Audience.CaseRunner,
        ["PUT /api/v1/cases/{id:guid}/evaluation"] = Audience.CaseRunner,
        ["GET /evaluations"] = Audience.LessonsReader,
        ["POST /evaluations?handler=Filter"] = Audience.LessonsReader,
        ["GET /api/v1/evaluations"] = Audience.LessonsReader,
        ["POST /api/v1/evaluations/search"] = Audience.LessonsReader,
        ["POST /api/v1/cases/{id:guid}/plan/follow-ups"] = Audience.CaseRunner,
        ["GET /admin/interventions"] = Audience.CatalogueManager,
        ["POST /admin/interventions"] = Audience.CatalogueManager,
        ["GET /admin/interventions/{id:guid}"] = Audience.CatalogueManager,
        ["POST /admin/interventions/{id:guid}?handler=Save"] = Audience.CatalogueManager,
        ["POST /admin/interventions/{id:guid}?handler=Retire"] = Audience.CatalogueManager,
        ["GET /api/v1/interventions"] = Audience.CatalogueManager,
        ["POST /api/v1/interventions"] = Audience.CatalogueManager,
        ["GET /api/v1/interventions/{id:guid}"] = Audience.CatalogueManager,
        ["PUT /api/v1/interventions/{id:guid}"] = Audience.CatalogueManager,
        ["POST /api/v1/interventions/{id:guid}/retire"] = Audience.CatalogueManager,
        ["GET /privacy/register"] = Audience.PrivacyOfficer,
        ["POST /privacy/register?handler=Filter"] = Audience.PrivacyOfficer,
        ["GET /privacy/register?handler=Json"] = Audience.PrivacyOfficer,
        ["GET /privacy/register?handler=Csv"] = Audience.PrivacyOfficer,
        ["GET /privacy/register/{key}"] = Audience.PrivacyOfficer,
        ["GET /privacy/register/{key}/new"] = Audience.PrivacyOfficer,
        ["POST /privacy/register/{key}/new"] = Audience.PrivacyOfficer,
        ["GET /api/v1/privacy/register"] = Audience.PrivacyOfficer,
        ["GET /api/v1/privacy/register/export/{format}"] = Audience.PrivacyOfficer,
        ["GET /api/v1/privacy/register/{key}"] = Audience.PrivacyOfficer,
        ["POST /api/v1/privacy/register/{key}/versions"] = Audience.PrivacyOfficer,
        ["GET /privacy/retention"] = Audience.PrivacyOfficer,
        ["POST /privacy/retention?handler=Approve"] = Audience.PrivacyOfficer,
        ["POST /privacy/retention?handler=ApproveAll"] = Audience.PrivacyOfficer,
        ["POST /privacy/retention?handler=Hold"] = Audience.PrivacyOfficer,
        ["POST /privacy/retention?handler=Lift"] = Audience.PrivacyOfficer,
        ["GET /api/v1/privacy/retention/rules"] = Audience.PrivacyOfficer,
        ["GET /api/v1/privacy/retention/proposals"] = Audience.PrivacyOfficer,
        ["POST /api/v1/privacy/retention/proposals/{id:guid}/approve"] = Audience.PrivacyOfficer,
        ["GET /api/v1/privacy/retention/holds"] = Audience.PrivacyOfficer,
        ["POST /api/v1/privacy/retention/holds"] = Audience.PrivacyOfficer,
        ["POST /api/v1/privacy/retention/holds/{id:guid}/lift"] = Audience.PrivacyOfficer,
        ["GET /privacy/requests"] = Audience.PrivacyOfficer,
        ["GET /privacy/requests/new"] = Audience.PrivacyOfficer,
        ["POST /privacy/requests/new"] = Audience.PrivacyOfficer,
        ["GET /privacy/requests/{id:guid}"] = Audience.PrivacyOfficer,
        ["POST /privacy/requests/{id:guid}?handler=Decide"] = Audience.PrivacyOfficer,
        ["POST /privacy/requests/{id:guid}?handler=Lift"] = Audience.PrivacyOfficer,
        ["POST /privacy/requests/{id:guid}?handler=Part"] = Audience.PrivacyOfficer,
        ["GET /privacy/requests/{id:guid}?handler=Pdf"] = Audience.PrivacyOfficer,
        ["GET /privacy/requests/{id:guid}?handler=Json"] = Audience.PrivacyOfficer,
        ["GET /api/v1/privacy/requests"] = Audience.PrivacyOfficer,
        ["POST /api/v1/privacy/requests"] = Audience.PrivacyOfficer,
        ["GET /api/v1/privacy/requests/{id:guid}"] = Audience.PrivacyOfficer,
        ["POST /api/v1/privacy/requests/{id:guid}/decision"] = Audience.PrivacyOfficer,
        ["POST /api/v1/privacy/requests/{id:guid}/lift"] = Audience.PrivacyOfficer,
        ["POST /api/v1/privacy/requests/{id:guid}/parts"] = Audience.PrivacyOfficer,
        ["GET /api/v1/privacy/requests/{id:guid}/report"] = Audience.PrivacyOfficer,
        ["GET /api/v1/privacy/requests/{id:guid}/report.pdf"] = Audience.PrivacyOfficer,
    };

    private IReadOnlyList<string> Endpoints()
    {
        var sources = app.Services.GetRequiredService<EndpointDataSource>();
        return sources.Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e =>
            {
                // A group's root route ("/api/v1/signals/") is the same address without its trailing slash.
                var pattern = "/" + (e.RoutePattern.RawText ?? "").Trim('/');
                var methods = e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"];
                return methods.Select(m => $"{m} {pattern.ToLowerInvariant()}");
            })
            .Distinct().ToList();
    }

    [Fact]
    public void Every_endpoint_and_page_is_placed_in_the_matrix()
    {
        var unplaced = Endpoints().Where(e => !Matrix.ContainsKey(e)).ToList();
        Assert.True(unplaced.Count == 0, "Place these in the authorization matrix: " + string.Join(", ", unplaced));
    }

    public static TheoryData<string> Protected => new(Matrix.Where(m => m.Value != Audience.Anyone).Select(m => m.Key));
    public static TheoryData<string> AdminOnly => new(Matrix.Where(m => m.Value == Audience.SystemAdmin).Select(m => m.Key));
    public static TheoryData<string> ReporterOnly => new(Matrix.Where(m => m.Value == Audience.SignalReporter).Select(m => m.Key));
    public static TheoryData<string> InboxOnly => new(Matrix.Where(m => m.Value == Audience.SignalInbox).Select(m => m.Key));
    public static TheoryData<string> CaseMemberOnly => new(Matrix.Where(m => m.Value == Audience.CaseMember).Select(m => m.Key));
    public static TheoryData<string> CaseRunnerOnly => new(Matrix.Where(m => m.Value == Audience.CaseRunner).Select(m => m.Key));
    public static TheoryData<string> CatalogueManagerOnly => new(Matrix.Where(m => m.Value == Audience.CatalogueManager).Select(m => m.Key));
    public static TheoryData<string> LessonsReaderOnly => new(Matrix.Where(m => m.Value == Audience.LessonsReader).Select(m => m.Key));
    public static TheoryData<string> PrivacyOfficerOnly => new(Matrix.Where(m => m.Value == Audience.PrivacyOfficer).Select(m => m.Key));

    [Theory]
    [MemberData(nameof(Protected))]
    public async Task An_anonymous_caller_gets_nothing(string endpoint)
    {
        using var client = app.CreateCasusClient();
        var response = await SendAsync(client, endpoint);
        if (endpoint.Contains(" /api/", StringComparison.Ordinal))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }
        else
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/account/login", response.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
        }
        await AssertNoDataAsync(response);
    }

    [Theory]
    [MemberData(nameof(AdminOnly))]
    public Task A_professional_without_the_administrator_role_gets_nothing(string endpoint) => RefusedAsync(Roles.ProcessCoordinator, endpoint);

    /// <summary>The privacy officer and the administrator read logs and manage accounts; they do not handle signals.</summary>
    [Theory]
    [MemberData(nameof(ReporterOnly))]
    public Task A_role_that_does_not_report_signals_gets_nothing(string endpoint) => RefusedAsync(Roles.PrivacyOfficer, endpoint);

    /// <summary>A partner professional reports signals but has no inbox: not even the list of what exists.</summary>
    [Theory]
    [MemberData(nameof(InboxOnly))]
    public Task A_partner_without_an_inbox_role_gets_nothing_of_the_inbox(string endpoint) => RefusedAsync(Roles.PartnerProfessional, endpoint);

    /// <summary>The privacy officer sees no case content by default; the regional coordinator no personal data unless invited.</summary>
    [Theory]
    [MemberData(nameof(CaseMemberOnly))]
    public Task A_role_that_cannot_hold_a_case_gets_nothing_of_cases(string endpoint) => RefusedAsync(Roles.PrivacyOfficer, endpoint);

    /// <summary>A partner works in the cases they are members of, but does not run cases.</summary>
    [Theory]
    [MemberData(nameof(CaseRunnerOnly))]
    public Task A_partner_does_not_run_cases(string endpoint) => RefusedAsync(Roles.PartnerProfessional, endpoint);

    /// <summary>A coordinator works with persons' data; reading everyone's traces in the log is the privacy officer's alone.</summary>
    [Theory]
    [MemberData(nameof(PrivacyOfficerOnly))]
    public Task Only_the_privacy_officer_reads_the_processing_log(string endpoint) => RefusedAsync(Roles.ProcessCoordinator, endpoint);

    /// <summary>The region's intervention catalogue is managed by the regional coordinator and the administrator, not by case workers.</summary>
    [Theory]
    [MemberData(nameof(CatalogueManagerOnly))]
    public Task Only_the_region_manages_the_intervention_catalogue(string endpoint) => RefusedAsync(Roles.ProcessCoordinator, endpoint);

    /// <summary>The lessons learned are for those who run cases and the region; a partner learns them from the network, not from Casus.</summary>
    [Theory]
    [MemberData(nameof(LessonsReaderOnly))]
    public Task A_partner_does_not_read_the_lessons_learned(string endpoint) => RefusedAsync(Roles.PartnerProfessional, endpoint);

    /// <summary>Every demo role; each must be refused wherever its audience does not include it.</summary>
    private static readonly string[] AllRoles =
    [
        Roles.ProcessCoordinator, Roles.CaseDirector, Roles.PartnerProfessional, Roles.OccasionalPartner,
        Roles.RegionalCoordinator, Roles.PrivacyOfficer, Roles.Executive, Roles.SystemAdmin,
    ];

    /// <summary>Who is in each audience: written out here, apart from the policies, so a policy that lets in more fails.</summary>
    private static readonly Dictionary<Audience, string[]> AllowedRoles = new()
    {
        [Audience.SystemAdmin] = [Roles.SystemAdmin],
        [Audience.SignalReporter] = [Roles.PartnerProfessional, Roles.OccasionalPartner, Roles.ProcessCoordinator, Roles.CaseDirector],
        [Audience.SignalInbox] = [Roles.ProcessCoordinator, Roles.CaseDirector],
        [Audience.CaseMember] = [Roles.ProcessCoordinator, Roles.CaseDirector, Roles.PartnerProfessional, Roles.OccasionalPartner],
        [Audience.CaseRunner] = [Roles.ProcessCoordinator, Roles.CaseDirector],
        [Audience.PrivacyOfficer] = [Roles.PrivacyOfficer],
        [Audience.CatalogueManager] = [Roles.RegionalCoordinator, Roles.SystemAdmin],
        [Audience.LessonsReader] = [Roles.ProcessCoordinator, Roles.CaseDirector, Roles.RegionalCoordinator],
    };

    public static TheoryData<string> RoleBound => new(Matrix.Where(m => m.Value is not (Audience.Anyone or Audience.SignedIn)).Select(m => m.Key));

    /// <summary>Endpoints about one case (its id first in the address) that a member of the case may use.</summary>
    public static TheoryData<string> OfOneCase => new(Matrix.Where(m => m.Value == Audience.CaseMember && IsOfOneCase(m.Key)).Select(m => m.Key));

    private static bool IsOfOneCase(string endpoint) =>
        endpoint.Contains(" /cases/{id:guid}", StringComparison.Ordinal) || endpoint.Contains(" /api/v1/cases/{id:guid}", StringComparison.Ordinal);

    /// <summary>Every endpoint × every role outside its audience: refused, with nothing of the data in the answer.</summary>
    [Theory]
    [MemberData(nameof(RoleBound))]
    public async Task Every_role_outside_the_audience_gets_nothing(string endpoint)
    {
        var refused = AllRoles.Except(AllowedRoles[Matrix[endpoint]]).ToList();
        Assert.NotEmpty(refused);
        foreach (var role in refused)
        {
            var client = await ClientAsync(role);
            var response = await SendAsync(client, endpoint);
            var expected = endpoint.Contains(" /api/", StringComparison.Ordinal)
                ? response.StatusCode == HttpStatusCode.Forbidden
                : response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.AbsolutePath.StartsWith("/account/denied", StringComparison.Ordinal);
            Assert.True(expected, $"{role} on {endpoint}: {(int)response.StatusCode} {response.Headers.Location}");
            await AssertNoDataAsync(response);
        }
    }

    /// <summary>
    /// Every endpoint of one case × member, non-member and expired member: a partner who is an active member gets the
    /// case (reads answer 200), a partner who never was a member and an occasional partner whose period ended get
    /// "not found" — the case's existence is not disclosed — and nothing of the person.
    /// </summary>
    [Theory]
    [MemberData(nameof(OfOneCase))]
    public async Task Only_an_active_member_of_the_case_gets_anything_of_it(string endpoint)
    {
        var cases = await MembershipCasesAsync();
        var police = await ClientAsync(Roles.PartnerProfessional);
        var occasional = await ClientAsync(Roles.OccasionalPartner);
        foreach (var (client, caseId, who) in new[] { (police, cases.Other, "non-member"), (occasional, cases.Shared, "expired member") })
        {
            var response = await SendForCaseAsync(client, endpoint, caseId);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{who} on {endpoint}: {(int)response.StatusCode}");
            var body = await response.Content.ReadAsStringAsync();
            Assert.DoesNotContain(cases.Surname, body, StringComparison.Ordinal);
            Assert.DoesNotContain(cases.OtherSurname, body, StringComparison.Ordinal);
        }
        if (endpoint.StartsWith("GET ", StringComparison.Ordinal) && endpoint.Split(":guid}").Length == 2)
        {
            var response = await SendForCaseAsync(police, endpoint, cases.Shared);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"active member on {endpoint}: {(int)response.StatusCode}");
        }
    }

    private sealed record MembershipCases(Guid Shared, Guid Other, string Surname, string OtherSurname);

    private static readonly ConcurrentDictionary<AppFactory, Lazy<Task<MembershipCases>>> Cases = new();
    private static readonly ConcurrentDictionary<(AppFactory, string), (CasusClient Client, DateTimeOffset SignedInAt)> Clients = new();

    /// <summary>
    /// Signed-in clients, one per role, kept for the class: a sign-in per request would make the matrix slow. Other
    /// tests of the class move the fake clock (every sign-in does), so a session about to time out is replaced.
    /// </summary>
    private async Task<CasusClient> ClientAsync(string role)
    {
        var now = app.Time.GetUtcNow();
        if (Clients.TryGetValue((app, role), out var kept) && now - kept.SignedInAt < TimeSpan.FromMinutes(10))
        {
            return kept.Client;
        }
        var client = await app.SignedInAsAsync(role);
        Clients[(app, role)] = (client, app.Time.GetUtcNow());
        return client;
    }

    /// <summary>
    /// Two cases in Lindendal: in the shared one the police (partner) is an active member and the mental-health
    /// expert (occasional partner) was a member whose period ended yesterday; in the other nobody was added.
    /// </summary>
    private Task<MembershipCases> MembershipCasesAsync() => Cases.GetOrAdd(app, a => new Lazy<Task<MembershipCases>>(async () =>
    {
        var shared = await a.OpenCaseAsync("Ravi", "Matrixberg");
        var other = await a.OpenCaseAsync("Sanne", "Buitenhof");
        var now = a.Time.GetUtcNow();
        await a.WithDbAsync(async db =>
        {
            foreach (var (email, from, until) in new[] { ("police@casus.demo", now.AddDays(-1), (DateTimeOffset?)null), ("mentalhealth@casus.demo", now.AddDays(-20), now.AddDays(-1)) })
            {
                var user = await db.Users.SingleAsync(u => u.NormalizedEmail == email.ToUpperInvariant());
                db.RecordMemberships.Add(new RecordMembership
                {
                    RecordKind = CaseAccess.RecordKind, RecordId = shared.Id, UserId = user.Id, OrganisationId = user.OrganisationId,
                    Purpose = "Toegangsmatrix", LegalBasis = "Toegangsmatrix", ValidFrom = from, ValidUntil = until, CreatedAt = from,
                    CreatedBy = user.Id,
                });
            }
            return await db.SaveChangesAsync();
        });
        // The shared case has a plan, so its plan pages and document answer its member.
        using (var coordinator = await a.SignedInAsAsync(Roles.ProcessCoordinator))
        {
            await Expect.StatusAsync(await coordinator.PostJsonAsync($"/api/v1/cases/{shared.Id}/plan", new PlanInput(ActionPlanBuilder.ThreeGoals)), HttpStatusCode.Created);
        }
        return new MembershipCases(shared.Id, other.Id, "Matrixberg", "Buitenhof");
    })).Value;

    /// <summary>The endpoint for this case; a page's POST carries a valid antiforgery token (from the case list), an API change a version.</summary>
    private static async Task<HttpResponseMessage> SendForCaseAsync(CasusClient client, string endpoint, Guid caseId)
    {
        var space = endpoint.IndexOf(' ', StringComparison.Ordinal);
        var method = new HttpMethod(endpoint[..space]);
        var path = endpoint[(space + 1)..].Replace("{id:guid}", caseId.ToString(), StringComparison.Ordinal);
        path = System.Text.RegularExpressions.Regex.Replace(path, @"\{[a-z]+:guid\}", Guid.NewGuid().ToString());
        if (method == HttpMethod.Post && !path.StartsWith("/api/", StringComparison.Ordinal))
        {
            return await client.SubmitFormAsync("/cases", new Dictionary<string, string>(), path);
        }
        using var request = new HttpRequestMessage(method, path);
        if (method != HttpMethod.Get)
        {
            request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
            request.Headers.TryAddWithoutValidation("If-Match", $"\"{Guid.NewGuid():N}\"");
        }
        return await client.Http.SendAsync(request);
    }

    private async Task RefusedAsync(string role, string endpoint)
    {
        using var client = await app.SignedInAsAsync(role);
        var response = await SendAsync(client, endpoint);
        if (endpoint.Contains(" /api/", StringComparison.Ordinal))
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }
        else
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/account/denied", response.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
        }
        await AssertNoDataAsync(response);
    }

    private async Task<HttpResponseMessage> SendAsync(CasusClient client, string endpoint)
    {
        var space = endpoint.IndexOf(' ', StringComparison.Ordinal);
        var method = new HttpMethod(endpoint[..space]);
        var id = await app.UserIdAsync("police@casus.demo");
        var path = System.Text.RegularExpressions.Regex.Replace(endpoint[(space + 1)..], @"\{[a-z]+:guid\}", id.ToString());
        using var request = new HttpRequestMessage(method, path);
        if (method != HttpMethod.Get)
        {
            request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
        }
        return await client.Http.SendAsync(request);
    }

    private static async Task AssertNoDataAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("@casus.demo", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Rivierenland", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Lindendal", body, StringComparison.OrdinalIgnoreCase);
    }
}
