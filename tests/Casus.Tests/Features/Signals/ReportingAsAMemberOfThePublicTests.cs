using System.Net;
using System.Text.RegularExpressions;
using Casus.Tests.Support;
using Casus.Web.Features.Signals;
using Casus.Web.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace Casus.Tests.Features.Signals;

/// <summary>A member of the public reports anonymously, follows up with the code, and only the right inbox sees it.</summary>
public sealed partial class ReportingAsAMemberOfThePublicTests(AppFactory app) : IClassFixture<AppFactory>
{
    private async Task<(string Reference, string Code)> ReportAsync(CasusClient anonymous, string municipality, string narrative, string? website = null)
    {
        var fields = new Dictionary<string, string>
        {
            ["Input.MunicipalityId"] = (await app.MunicipalityIdAsync(municipality)).ToString(),
            ["Input.GivenNames"] = "Daan",
            ["Input.Relationship"] = "buurman",
            ["Input.Narrative"] = narrative,
        };
        if (website is not null)
        {
            fields["Input.Website"] = website;
        }
        var response = await anonymous.SubmitFormAsync("/report", fields);
        await Expect.StatusAsync(response, HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync();
        var code = CodePattern().Match(html);
        var reference = ReferencePattern().Match(html);
        Assert.True(code.Success && reference.Success, html);
        // No tracking: the response sets no cookie (a deletion of an empty one, which ASP.NET sends, sets nothing).
        var set = response.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies.Where(c => c.Split(';')[0].Split('=', 2)[1].Length > 0).ToList() : [];
        Assert.Empty(set);
        return (reference.Value, code.Groups[1].Value);
    }

    private static async Task<string> FollowUpAsync(CasusClient anonymous, string code, string handler = "Open", string? message = null)
    {
        var fields = new Dictionary<string, string> { ["Code"] = code };
        if (message is not null)
        {
            fields["Message"] = message;
        }
        var response = await anonymous.SubmitFormAsync("/report/follow-up", fields, $"/report/follow-up?handler={handler}");
        await Expect.StatusAsync(response, HttpStatusCode.OK);
        return await response.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task The_public_reports_follows_up_with_the_code_and_reads_the_coordinators_reply()
    {
        using var anonymous = app.CreateCasusClient();
        var (reference, code) = await ReportAsync(anonymous, "Oosterveld", "Mijn buurjongen praat steeds vaker over een heilige oorlog.");

        var view = await FollowUpAsync(anonymous, code.ToLowerInvariant().Replace("-", " ", StringComparison.Ordinal));
        Assert.Contains(reference, view, StringComparison.Ordinal);
        Assert.Contains("heilige oorlog", view, StringComparison.Ordinal);
        Assert.Contains("ontvangen, nog niet in behandeling", view, StringComparison.Ordinal);

        view = await FollowUpAsync(anonymous, code, "Add", "Hij heeft ook een vlag opgehangen.");
        Assert.Contains("Hij heeft ook een vlag opgehangen.", view, StringComparison.Ordinal);

        using var coordinator = await app.SignedInAsAsync(Roles.ProcessCoordinator);
        var id = await app.WithDbAsync(db => db.Set<Signal>().Where(s => s.Reference == reference).Select(s => s.Id).SingleAsync());
        var signal = await coordinator.SignalAsync(id);
        Assert.Equal(SignalSource.Public, signal.Source);
        Assert.Null(signal.ReporterOrganisationName);
        Assert.Contains(signal.History, h => h.Kind == SignalEventKind.ReporterMessage && h.Detail == "Hij heeft ook een vlag opgehangen.");
        var reply = await coordinator.PostWithVersionAsync($"/api/v1/signals/{id}/replies", new ReasonInput("Dank u, wij nemen dit in behandeling."), signal.Version);
        await Expect.StatusAsync(reply, HttpStatusCode.OK);

        view = await FollowUpAsync(anonymous, code);
        Assert.Contains("Dank u, wij nemen dit in behandeling.", view, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_public_report_reaches_only_the_inbox_of_its_municipality()
    {
        using var anonymous = app.CreateCasusClient();
        var (reference, _) = await ReportAsync(anonymous, "Brugwater", "Zorgen over mijn nicht en een online groep.");
        var id = await app.WithDbAsync(db => db.Set<Signal>().Where(s => s.Reference == reference).Select(s => s.Id).SingleAsync());

        using var director = await app.SignedInAsAsync(Roles.CaseDirector); // Lindendal
        Assert.Equal(HttpStatusCode.NotFound, (await director.GetAsync($"/api/v1/signals/{id}")).StatusCode);
        using var police = await app.SignedInAsAsync(Roles.PartnerProfessional);
        Assert.Equal(HttpStatusCode.NotFound, (await police.GetAsync($"/api/v1/signals/{id}")).StatusCode);
        using var coordinator = await app.SignedInAsAsync(Roles.ProcessCoordinator); // serves Brugwater
        await Expect.StatusAsync(await coordinator.GetAsync($"/api/v1/signals/{id}"), HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_wrong_code_opens_nothing_and_a_code_opens_only_its_own_report()
    {
        using var anonymous = app.CreateCasusClient();
        var (firstReference, firstCode) = await ReportAsync(anonymous, "Lindendal", "Eerste melding over een klasgenoot.");
        var (secondReference, _) = await ReportAsync(anonymous, "Lindendal", "Tweede melding over iemand anders.");

        var view = await FollowUpAsync(anonymous, firstCode);
        Assert.Contains(firstReference, view, StringComparison.Ordinal);
        Assert.DoesNotContain(secondReference, view, StringComparison.Ordinal);
        Assert.DoesNotContain("iemand anders", view, StringComparison.Ordinal);

        var wrong = await FollowUpAsync(anonymous, "2222-3333-4444-5555-6666");
        Assert.Contains("Er is geen melding gevonden met deze code.", wrong, StringComparison.Ordinal);
        Assert.DoesNotContain("Eerste melding", wrong, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bot_that_fills_the_hidden_field_gets_a_receipt_but_nothing_is_stored()
    {
        using var anonymous = app.CreateCasusClient();
        var before = await app.WithDbAsync(db => db.Set<Signal>().CountAsync());
        var (reference, code) = await ReportAsync(anonymous, "Lindendal", "Buy cheap watches now", website: "http://spam.example");
        Assert.Equal(before, await app.WithDbAsync(db => db.Set<Signal>().CountAsync()));
        Assert.Contains("Er is geen melding gevonden", await FollowUpAsync(anonymous, code), StringComparison.Ordinal);
        Assert.False(await app.WithDbAsync(db => db.Set<Signal>().AnyAsync(s => s.Reference == reference)));
    }

    [Fact]
    public async Task Script_in_a_public_report_is_refused_with_a_message_and_nothing_is_stored()
    {
        using var anonymous = app.CreateCasusClient();
        var before = await app.WithDbAsync(db => db.Set<Signal>().CountAsync());
        var response = await anonymous.SubmitFormAsync("/report", new Dictionary<string, string>
        {
            ["Input.MunicipalityId"] = (await app.MunicipalityIdAsync("Lindendal")).ToString(),
            ["Input.Narrative"] = "<script>document.location='https://evil.example'</script>",
        });
        await Expect.StatusAsync(response, HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Tekst mag geen HTML, script of stuurtekens bevatten.", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>document", html, StringComparison.Ordinal);
        Assert.Equal(before, await app.WithDbAsync(db => db.Set<Signal>().CountAsync()));
    }

    [Fact]
    public async Task The_follow_up_code_is_not_stored_anywhere_in_clear_text()
    {
        using var anonymous = app.CreateCasusClient();
        var (reference, code) = await ReportAsync(anonymous, "Lindendal", "Een melding om de code te controleren.");
        var stored = await app.WithDbAsync(db => db.Set<Signal>().Where(s => s.Reference == reference).Select(s => s.FollowUpCodeHash).SingleAsync());
        Assert.NotNull(stored);
        Assert.DoesNotContain(code.Replace("-", "", StringComparison.Ordinal), stored, StringComparison.OrdinalIgnoreCase);
    }

    [GeneratedRegex("data-testid=\"follow-up-code\">([2-9A-Z]{4}(?:-[2-9A-Z]{4}){4})<")]
    private static partial Regex CodePattern();

    [GeneratedRegex(@"S\d\d-[2-9A-Z]{6}")]
    private static partial Regex ReferencePattern();
}
