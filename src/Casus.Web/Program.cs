using Casus.Web.Features.Account;
using Casus.Web.Features.Admin;
using Casus.Web.Features.Assessments;
using Casus.Web.Features.Cases;
using Casus.Web.Features.Consultations;
using Casus.Web.Features.ActionPlans;
using Casus.Web.Features.Demo;
using Casus.Web.Features.Evaluations;
using Casus.Web.Features.Interventions;
using Casus.Web.Features.PartnerSystems;
using Casus.Web.Features.Privacy;
using Casus.Web.Features.Privacy.Register;
using Casus.Web.Features.Retention;
using Casus.Web.Features.Signals;
using Casus.Web.Features.SubjectRights;
using Casus.Web.Features.Weighing;
using Casus.Web.Platform;
using Casus.Web.Platform.Data;
using Casus.Web.Platform.Localization;
using Casus.Web.Platform.Security;
using Casus.Web.Platform.Telemetry;

var builder = WebApplication.CreateBuilder(args);

builder.AddCasusPlatform();
builder.AddCasusDatabase();
builder.AddCasusSecurity();
builder.AddCasusOpenIdConnect();
builder.AddCasusLocalization();
builder.AddCasusTelemetry();
builder.AddDemo();
builder.Services.AddRazorPages(o => o.RootDirectory = "/Features")
    .AddViewLocalization()
    .AddMvcOptions(o => o.Filters.Add(new Microsoft.AspNetCore.Mvc.AutoValidateAntiforgeryTokenAttribute()));
builder.Services.AddAccount();
builder.Services.AddAdmin();
builder.Services.AddSignals();
builder.Services.AddCases();
builder.Services.AddWeighing();
builder.Services.AddAssessments();
builder.Services.AddPartnerSystems();
builder.Services.AddPrivacy();
builder.Services.AddConsultations();
builder.Services.AddInterventionsAndPlans();
builder.Services.AddRetention();
builder.Services.AddSubjectRights();
builder.Services.AddEvaluations();

var app = builder.Build();

if (await OperatorCommands.TryRunAsync(app, args) is { } exitCode)
{
    return exitCode;
}

await DatabaseSetup.MigrateAsync(app.Services);
await RegisterSeed.SeedAsync(app.Services);
await app.SeedDemoAsync();

app.UseCasusPlatform();
app.UseCasusSecurityHeaders();
app.UseStaticFiles();
app.UseRequestLocalization();
app.UseRouting();
app.UseRateLimiter();
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();

app.MapCasusPlatform();
app.MapAccount();
app.MapAdminApi();
app.MapSignalsApi();
app.MapCasesApi();
app.MapWeighingApi();
app.MapAssessmentsApi();
app.MapPartnerSystemTokens();
app.MapPartnerSystemAdminApi();
app.MapPrivacyApi();
app.MapRegisterApi();
app.MapConsultationsApi();
app.MapInterventionsApi();
app.MapActionPlansApi();
app.MapRetentionApi();
app.MapSubjectRightsApi();
app.MapEvaluationsApi();
app.MapRazorPages();

await app.RunAsync();
return 0;

/// <summary>Entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
